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
    // The page first, then its dwelling counts: counting inside the paged query counted for every
    // skipped row too (620 counts for page 30, a quarter of a second at landlord scale).
    const page = q.select(['r.id', 'r.reference', 'r.name', 'r.kind', 'r.city']).orderBy('r.name').orderBy('r.id').limit(opts.limit).offset(opts.offset);
    const rows = await tx
      .selectFrom(page.as('p'))
      .select(['p.id', 'p.reference', 'p.name', 'p.kind', 'p.city'])
      .select((s) => s.selectFrom('dwellings as d').whereRef('d.residence_id', '=', 'p.id').select(sql<number>`count(*)`.as('c')).as('dwellings'))
      .orderBy('p.name')
      .orderBy('p.id')
      .execute();
    return { rows: rows as ResidenceListItem[], total: Number(total) };
  });
}
