import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { Space } from '../db/spaces-db.js';
import { parisParts } from '../domain/paris-time.js';
import { withStewardOrStaff } from '../commands/steward-access.js';

export type SeasonRow = { id: string; name: string; startsOn: string; endsOn: string; allocation: 'first_come' | 'draw'; drawSeed: string | null; drawnAt: Date | null; garden: string };
export type ResidentGarden = {
  plots: (SeasonRow & { plot: string })[];
  offers: (SeasonRow & { applicationId: string; plot: string })[];
  open: (SeasonRow & { status: string | null; rank: number })[];
};

const SEASON = ['s.id', 's.name', 's.allocation', 's.draw_seed', 's.drawn_at', 'sp.name as garden', sql<string>`s.starts_on::text`.as('starts_on'), sql<string>`s.ends_on::text`.as('ends_on')] as const;
// biome-ignore lint/suspicious/noExplicitAny: rows of the loosely typed builder
const toSeason = (r: any): SeasonRow => ({ id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, allocation: r.allocation, drawSeed: r.draw_seed, drawnAt: r.drawn_at, garden: r.garden });

/** "My garden plot": the household's plots of current seasons, the renewals offered, and the seasons open to apply in its residence. */
export async function residentGarden(db: Db, actor: Actor, now = new Date()): Promise<ResidentGarden> {
  if (!actor.orgId || !actor.householdId) return { plots: [], offers: [], open: [] };
  const householdId = actor.householdId;
  const today = parisParts(now).date;
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const plots = await tx
      .selectFrom('garden_allocations as a')
      .innerJoin('garden_seasons as s', 's.id', 'a.season_id')
      .innerJoin('spaces as sp', 'sp.id', 's.space_id')
      .innerJoin('space_resources as r', 'r.id', 'a.resource_id')
      .select([...SEASON, 'r.name as plot'])
      .where('a.household_id', '=', householdId)
      .where('a.released_at', 'is', null)
      .where('s.ends_on', '>=', today)
      .orderBy('s.starts_on')
      .execute();
    const offers = await tx
      .selectFrom('garden_applications as g')
      .innerJoin('garden_seasons as s', 's.id', 'g.season_id')
      .innerJoin('spaces as sp', 'sp.id', 's.space_id')
      .innerJoin('space_resources as r', 'r.id', 'g.offered_resource_id')
      .select([...SEASON, 'g.id as application_id', 'r.name as plot'])
      .where('g.household_id', '=', householdId)
      .where('g.status', '=', 'renewal_offered')
      .execute();
    const open = await tx
      .selectFrom('garden_seasons as s')
      .innerJoin('spaces as sp', 'sp.id', 's.space_id')
      .select([...SEASON])
      .select(sql<string | null>`(select g.status from garden_applications g where g.season_id = s.id and g.household_id = ${householdId} and g.status in ('waiting', 'allocated', 'renewal_offered'))`.as('status'))
      .select(
        sql<number>`(select count(*) from garden_applications w, garden_applications me where me.season_id = s.id and me.household_id = ${householdId} and me.status = 'waiting' and w.season_id = s.id and w.status = 'waiting' and (coalesce(w.draw_rank, 2147483647), w.created_at, w.id) <= (coalesce(me.draw_rank, 2147483647), me.created_at, me.id))::int`.as('rank'),
      )
      .where('sp.kind', '=', 'garden')
      .where('sp.active', '=', true)
      .where('s.ends_on', '>=', today)
      .where(sql<boolean>`exists (select 1 from occupancies o join dwellings d on d.id = o.dwelling_id where o.household_id = ${householdId} and o.ends_on is null and d.residence_id = sp.residence_id)`)
      .orderBy('s.starts_on')
      .execute();
    return {
      plots: plots.map((r) => ({ ...toSeason(r), plot: r.plot })),
      offers: offers.map((r) => ({ ...toSeason(r), applicationId: r.application_id, plot: r.plot })),
      open: open.map((r) => ({ ...toSeason(r), status: r.status, rank: Number(r.rank) })),
    };
  });
}

export type StaffSeason = SeasonRow & {
  holders: { allocationId: string; plot: string; household: string }[];
  waiting: { household: string; appliedAt: Date; rank: number | null }[];
};

/** A garden's seasons for staff or a steward: who holds which plot, who waits and in what order. Audited (names of households). */
export async function staffGarden(db: Db, actor: Actor, spaceId: string): Promise<{ space: Space; seasons: StaffSeason[] }> {
  return withStewardOrStaff(db, actor, spaceId, async (tx, space, role) => {
    const seasons = (await tx.selectFrom('garden_seasons as s').innerJoin('spaces as sp', 'sp.id', 's.space_id').select([...SEASON]).where('s.space_id', '=', space.id).orderBy('s.starts_on', 'desc').limit(6).execute()).map(toSeason);
    const ids = seasons.length ? seasons.map((s) => s.id) : ['00000000-0000-0000-0000-000000000000'];
    const holders = await tx
      .selectFrom('garden_allocations as a')
      .innerJoin('space_resources as r', 'r.id', 'a.resource_id')
      .innerJoin('households as h', 'h.id', 'a.household_id')
      .select(['a.id', 'a.season_id', 'r.name as plot', 'h.name as household'])
      .where('a.season_id', 'in', ids)
      .where('a.released_at', 'is', null)
      .orderBy('r.position')
      .orderBy('r.name')
      .execute();
    const waiting = await tx
      .selectFrom('garden_applications as g')
      .innerJoin('households as h', 'h.id', 'g.household_id')
      .select(['g.season_id', 'h.name as household', 'g.created_at', 'g.draw_rank'])
      .where('g.season_id', 'in', ids)
      .where('g.status', '=', 'waiting')
      .orderBy((e) => e.fn.coalesce('g.draw_rank', e.val(2147483647)))
      .orderBy('g.created_at')
      .orderBy('g.id')
      .execute();
    await audit(tx, { action: 'spaces.garden.read', actor, targetType: 'space', targetId: space.id, details: { role } });
    return {
      space,
      seasons: seasons.map((s) => ({
        ...s,
        holders: holders.filter((h) => h.season_id === s.id).map((h) => ({ allocationId: h.id, plot: h.plot, household: h.household })),
        waiting: waiting.filter((w) => w.season_id === s.id).map((w) => ({ household: w.household, appliedAt: w.created_at, rank: w.draw_rank })),
      })),
    };
  });
}
