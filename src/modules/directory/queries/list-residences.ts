import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';

export type ResidenceListItem = { id: string; reference: string; name: string; kind: string; city: string; dwellings: number };

/** The residences the actor may see (their scope), filtered by a search on name, reference or city. */
export async function listResidences(db: Db, actor: Actor, opts: { q?: string; limit: number; offset: number }): Promise<{ rows: ResidenceListItem[]; total: number }> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    let q = tx.selectFrom('residences as r').where('r.organisation_id', '=', actor.orgId);
    if (actor.residenceIds) q = q.where('r.id', 'in', actor.residenceIds.length ? actor.residenceIds : ['00000000-0000-0000-0000-000000000000']);
    if (opts.q) {
      const like = `%${opts.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where((w) => w.or([w('r.name', 'ilike', like), w('r.reference', 'ilike', like), w('r.city', 'ilike', like)]));
    }
    const total = (await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
    const rows = await q
      .select(['r.id', 'r.reference', 'r.name', 'r.kind', 'r.city'])
      .select((s) => s.selectFrom('dwellings as d').whereRef('d.residence_id', '=', 'r.id').select(sql<number>`count(*)`.as('c')).as('dwellings'))
      .orderBy('r.name')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return { rows: rows as ResidenceListItem[], total: Number(total) };
  });
}
