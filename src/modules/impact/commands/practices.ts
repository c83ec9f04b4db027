import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { networksOf } from '../queries/benchmark.js';
import { getPractice } from '../queries/practices.js';
import type { PracticeInput } from '../schemas.js';

function allowed(actor: Actor): void {
  const d = authorize(actor, 'impact.practices.write');
  if (d !== 'allow') throw new HttpError(d === 'not_found' ? 404 : 403);
}

/** Writes a new sheet, private or published to one of the organisation's networks. Bad network → 422. */
export async function createPractice(db: Db, actor: Actor, input: PracticeInput): Promise<string> {
  allowed(actor);
  let networkId: string | null = null;
  if (input.network) {
    const mine = await networksOf(db, actor);
    if (!mine.some((n) => n.id === input.network)) throw new HttpError(422, 'network');
    networkId = input.network;
  }
  return withTenant(db, { orgId: actor.orgId, userId: actor.userId }, async (tx) => {
    const row = await tx
      .insertInto('impact_practices')
      .values({
        organisation_id: actor.orgId,
        network_id: networkId,
        title: input.title,
        problem: input.problem,
        audience: input.audience,
        partners: input.partners,
        means: input.means,
        cost_cents: input.cost,
        results: input.results,
        difficulties: input.difficulties,
        contact: input.contact,
        residence_kind: input.residenceKind,
        tags: input.tags,
        published_at: networkId ? new Date() : null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: networkId ? 'impact.practice.published' : 'impact.practice.created',
      actor,
      targetType: 'impact_practice',
      targetId: row.id as string,
      details: { network: networkId },
    });
    return row.id as string;
  });
}

/**
 * Copies a sheet the organisation may read into its own library as a private draft, keeping the
 * link to the original: the "duplicate the model" step before adapting it to another landlord.
 */
export async function duplicatePractice(db: Db, actor: Actor, id: string): Promise<string> {
  allowed(actor);
  if (!z.string().uuid().safeParse(id).success) throw new HttpError(404);
  const source = await getPractice(db, actor, id);
  if (!source) throw new HttpError(404);
  return withTenant(db, { orgId: actor.orgId, userId: actor.userId }, async (tx) => {
    const row = await tx
      .insertInto('impact_practices')
      .values({
        organisation_id: actor.orgId,
        title: source.title,
        problem: source.problem,
        audience: source.audience,
        partners: source.partners,
        means: source.means,
        cost_cents: source.costCents,
        results: source.results,
        difficulties: source.difficulties,
        contact: source.contact,
        residence_kind: source.residenceKind,
        tags: source.tags,
        space_template: source.spaceTemplate === null ? null : JSON.stringify(source.spaceTemplate),
        space_template_name: source.spaceTemplateName,
        duplicated_from: source.id,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'impact.practice.duplicated',
      actor,
      targetType: 'impact_practice',
      targetId: row.id as string,
      details: { from: source.id },
    });
    return row.id as string;
  });
}
