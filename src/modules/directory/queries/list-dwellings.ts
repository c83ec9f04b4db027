import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Decision } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { addressConfidential, addressHidden } from '../../../platform/privacy/confidential-addresses.js';
import { auditConfidentialShown, readerOf } from './confidential.js';
import { likePattern } from './search.js';
import { findResidence, type Residence } from './residence-detail.js';

/** `address_hidden`: the household living there has a confidential address the reader may not know — it is not named (household null). */
export type DwellingListItem = { id: string; reference: string; building: string | null; rooms: number; floor: number; rent_cents: number; household_id: string | null; household: string | null; address_hidden: boolean };

/**
 * A residence's dwellings with their current household, searched by reference, a page at a time. A household
 * whose address is confidential to the reader is not named on its dwelling (that would say where it lives):
 * the row says the address is confidential, the dwelling is not shown as vacant.
 */
export async function listDwellings(
  db: Db,
  actor: Actor,
  residenceId: string,
  opts: { q?: string; limit: number; offset: number },
): Promise<{ residence: Residence; rows: DwellingListItem[]; total: number } | Exclude<Decision, 'allow'>> {
  return withTenant(db, readerOf(actor), async (tx) => {
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
            .select(['h.id', 'h.name', addressHidden(sql.ref('h.id')).as('hidden'), addressConfidential(sql.ref('h.id')).as('confidential')])
            .whereRef('o.dwelling_id', '=', 'd.id')
            .where('o.ends_on', 'is', null)
            .orderBy('o.starts_on', 'desc')
            .limit(1)
            .as('h'),
        (j) => j.onTrue(),
      )
      .select(['d.id', 'd.reference', 'b.name as building', 'd.rooms', 'd.floor', 'd.rent_cents'])
      .select(sql<string | null>`case when h.hidden then null else h.id end`.as('household_id'))
      .select(sql<string | null>`case when h.hidden then null else h.name end`.as('household'))
      .select(sql<boolean>`coalesce(h.hidden, false)`.as('address_hidden'))
      .select(sql<boolean>`coalesce(h.confidential, false)`.as('address_confidential'))
      .orderBy('d.reference')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    await auditConfidentialShown(tx, actor, rows as never, 'dwellings');
    return { residence, rows: rows.map(({ address_confidential: _c, ...r }) => r) as DwellingListItem[], total };
  });
}
