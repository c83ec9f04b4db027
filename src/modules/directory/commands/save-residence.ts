import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import { findResidence } from '../queries/residence-detail.js';
import type { ResidenceInput } from '../schemas.js';

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

/**
 * Creates a residence (id null) or updates one. Creating needs the whole organisation in scope;
 * editing needs the residence in scope. The reference stays unique within the organisation.
 */
export async function saveResidence(db: Db, actor: Actor, id: string | null, input: ResidenceInput): Promise<SaveResult> {
  if (authorize(actor, 'directory.residences.write') !== 'allow' || !actor.orgId) throw new HttpError(403);
  if (id === null && actor.residenceIds !== null) throw new HttpError(403);
  const orgId = actor.orgId;
  return withTenant(db, { orgId }, async (tx): Promise<SaveResult> => {
    if (id !== null) {
      const found = await findResidence(tx, actor, id, 'directory.residences.write');
      if (found === 'not_found') throw new HttpError(404);
      if (typeof found === 'string') throw new HttpError(403);
    }
    let clash = tx.selectFrom('residences').select('id').where('reference', '=', input.reference);
    if (id) clash = clash.where('id', '<>', id);
    if (await clash.executeTakeFirst()) return { ok: false, errors: { reference: 'directory.residence.referenceTaken' } };
    if (input.agency && !(await tx.selectFrom('agencies').select('id').where('id', '=', input.agency).executeTakeFirst())) {
      return { ok: false, errors: { agency: 'form.invalid' } };
    }
    const values = {
      reference: input.reference,
      name: input.name,
      kind: input.kind,
      address: input.address,
      postcode: input.postcode,
      city: input.city,
      latitude: input.latitude,
      longitude: input.longitude,
      agency_id: input.agency,
    };
    let savedId: string;
    if (id === null) {
      const row = await tx.insertInto('residences').values({ organisation_id: orgId, ...values }).returning('id').executeTakeFirstOrThrow();
      savedId = row.id as string;
    } else {
      await tx.updateTable('residences').set(values).where('id', '=', id).execute();
      savedId = id;
    }
    await audit(tx, { action: id === null ? 'directory.residence.created' : 'directory.residence.updated', actor, targetType: 'residence', targetId: savedId, details: { reference: input.reference } });
    return { ok: true, id: savedId };
  });
}
