import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { checkUpload, removeStoredFile, storeFile } from '../../../platform/files/index.js';
import { parisDate } from '../domain/paris-time.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { asResident, audienceDecision, householdOf, P, personOf } from '../policy.js';
import { neighbourProcessRefs } from '../queries/neighbour-events.js';
import { proposalInput } from '../schemas.js';
import { PHOTO_ERRORS, PHOTO_LIMITS, type Upload } from './event-report.js';
import { findProcess } from './proposal-rows.js';

/**
 * A resident's proposal, or one staff enter from a paper form or a meeting: it is then credited
 * to the meeting or the person named, never to the staff member who typed it.
 */
export async function submitProposal(db: Db, actor: Actor, processId: string, raw: unknown, photo?: { upload: Upload; dataDir: string }): Promise<string> {
  ensure(authorize(actor, P.propose));
  const input = parseInput(proposalInput, raw);
  const checked = photo?.upload ? checkUpload(photo.upload.bytes, photo.upload.name, PHOTO_LIMITS) : null;
  if (checked && !checked.ok) throw new Invalid({ photo: PHOTO_ERRORS[checked.error] });
  const byResident = asResident(actor);
  if (!byResident && !input.creditedTo) throw new Invalid({ creditedTo: 'community.proposal.creditRequired' });
  const stored: { key: string | null } = { key: null };
  const write = async (tx: Tx, process: NonNullable<Awaited<ReturnType<typeof findProcess>>>, guestOrgId: string | null): Promise<string> => {
    if (process.ends_on && String(process.ends_on) < parisDate(new Date()) && byResident) throw new Invalid({ form: 'community.proposal.closed' }, 409);
    const row = await tx
      .insertInto('community_proposals')
      .values({
        organisation_id: process.organisation_id,
        process_id: process.id,
        guest_org_id: guestOrgId,
        title: input.title,
        body: input.body,
        category: input.category,
        place: input.place || null,
        author_user_id: byResident ? personOf(actor) : null,
        author_household_id: byResident ? householdOf(actor) : null,
        credited_to: byResident ? null : input.creditedTo,
        entered_by: byResident && !actor.actingFor ? null : actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (photo?.upload && checked?.ok) {
      stored.key = await storeFile(photo.dataDir, 'community', photo.upload.bytes);
      await tx
        .insertInto('community_proposal_photos')
        .values({ organisation_id: process.organisation_id, proposal_id: row.id, storage_key: stored.key, media_type: checked.mediaType, size_bytes: photo.upload.bytes.byteLength, caption: input.caption, added_by: actor.userId })
        .execute();
    }
    await audit(tx, {
      action: 'community.proposal.submit',
      organisationId: process.organisation_id,
      actor,
      targetType: 'community_proposal',
      targetId: row.id as string,
      details: { processId, photo: stored.key !== null, ...(guestOrgId ? { mode: 'neighbour', guestOrgId } : {}) },
    });
    return row.id as string;
  };
  try {
    const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
      const process = await findProcess(tx, processId);
      // Not one of the landlord's: perhaps another landlord's process open to the resident's neighbourhood.
      if (!process && byResident) return null;
      if (!process) return notFound();
      ensure(await audienceDecision(tx, actor, P.propose, process as never));
      return write(tx, process, null);
    });
    if (own !== null) return own;
    const [ref] = await neighbourProcessRefs(db, actor, { id: processId });
    if (!ref || !householdOf(actor)) notFound();
    return await withTenant(db, { orgId: ref.organisationId }, async (tx) => write(tx, (await findProcess(tx, processId)) ?? notFound(), actor.orgId));
  } catch (e) {
    // Nothing half-written: a file stored for a proposal whose rows were refused goes too.
    if (stored.key && photo) await removeStoredFile(photo.dataDir, stored.key);
    throw e;
  }
}
