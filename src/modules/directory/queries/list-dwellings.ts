import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Decision } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { likePattern } from './search.js';
import { findResidence, type Residence } from './residence-detail.js';

export type DwellingListItem = { id: string; reference: string; building: string | null; rooms: number; floor: number; rent_cents: number; household_id: string | null; household: string | null };

/** A residence's dwellings with their current household, searched by reference, a page at a time. */
export async function listDwellings(
  db: Db,
  actor: Actor,
  residenceId: string,
  opts: { q?: string; limit: number; offset: number },
): Promise<{ residence: Residence; rows: DwellingListItem[]; total: number } | Exclude<Decision, 'allow'>> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const residence = await findResidence(tx, actor, residenceId);
    if (typeof residence === 'string') return residence;
    let q = tx.selectFrom('dwellings as d').where('d.residence_id', '=', residenceId);
    if (opts.q) q = q.where('d.reference', 'ilike', likePattern(opts.q));
    const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .leftJoin('buildings as b', 'b.id', 'd.building_id')
      // The latest household that moved in: a register may still list the previous one as present.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('occupancies as o')
            .innerJoin('households as h', 'h.id', 'o.household_id')
            .select(['h.id', 'h.name'])
            .whereRef('o.dwelling_id', '=', 'd.id')
            .where('o.ends_on', 'is', null)
            .orderBy('o.starts_on', 'desc')
            .limit(1)
            .as('h'),
        (j) => j.onTrue(),
      )
      .select(['d.id', 'd.reference', 'b.name as building', 'd.rooms', 'd.floor', 'd.rent_cents', 'h.id as household_id', 'h.name as household'])
      .orderBy('d.reference')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return { residence, rows: rows as DwellingListItem[], total };
  });
}
