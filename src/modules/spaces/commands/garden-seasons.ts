import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { findSpace, type Space } from '../db/spaces-db.js';
import { parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import type { SeasonInput } from '../garden-schemas.js';
import { gardenNotice } from './garden-notices.js';
import { withStewardOrStaff } from './steward-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type Season = { id: string; spaceId: string; name: string; startsOn: string; endsOn: string; allocation: 'first_come' | 'draw'; drawSeed: string | null; drawnAt: Date | null };

export async function findSeason(tx: Tx, seasonId: string, lock = false): Promise<Season | null> {
  if (!UUID.test(seasonId)) return null;
  let q = tx.selectFrom('garden_seasons').select(['id', 'space_id', 'name', 'allocation', 'draw_seed', 'drawn_at', sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on')]).where('id', '=', seasonId);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? { id: r.id, spaceId: r.space_id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, allocation: r.allocation, drawSeed: r.draw_seed, drawnAt: r.drawn_at } : null;
}

/** Runs `fn` on a season of a garden the actor runs (staff of its residence, or a steward of the garden); the season's row locked. */
export async function withSeason<T>(db: Db, actor: Actor, spaceId: string, seasonId: string, fn: (tx: Tx, space: Space, season: Season) => Promise<T>): Promise<T> {
  return withStewardOrStaff(
    db,
    actor,
    spaceId,
    async (tx, space) => {
      const season = await findSeason(tx, seasonId, true);
      if (!season || season.spaceId !== space.id) throw new SpacesError(404, 'error.404.title');
      return fn(tx, space, season);
    },
    { lock: true },
  );
}

/** Staff or a steward opens a season of a garden: its dates and how plots are allocated (first come or by draw). */
export async function createSeason(db: Db, actor: Actor, spaceId: string, input: SeasonInput): Promise<string> {
  try {
    return await withStewardOrStaff(db, actor, spaceId, async (tx, space, role) => {
      if (space.kind !== 'garden') throw new SpacesError(409, 'spaces.garden.error.notGarden');
      const row = await tx
        .insertInto('garden_seasons')
        .values({ organisation_id: space.organisationId, space_id: space.id, name: input.name, starts_on: input.startsOn, ends_on: input.endsOn, allocation: input.allocation })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, { action: 'spaces.garden.season', actor, targetType: 'garden_season', targetId: row.id, details: { spaceId: space.id, role } });
      return row.id as string;
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new SpacesError(422, 'spaces.garden.error.nameTaken', 'name');
    throw e;
  }
}

/**
 * A resident applies for a plot of a season, for their household: only where the garden serves their residence,
 * before the season ends, once. Returns the application's id.
 */
export async function applyForPlot(db: Db, actor: Actor, seasonId: string, now = new Date()): Promise<string> {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId || !actor.householdId) throw new SpacesError(403, 'error.403.title');
  const householdId = actor.householdId;
  try {
    return await withTenant(db, { orgId: actor.orgId }, async (tx) => {
      const season = await findSeason(tx, seasonId);
      if (!season) throw new SpacesError(404, 'error.404.title');
      const space = await findSpace(tx, season.spaceId);
      if (!space) throw new SpacesError(404, 'error.404.title');
      const lives = await tx
        .selectFrom('occupancies as o')
        .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
        .select('o.id')
        .where('o.household_id', '=', householdId)
        .where('o.ends_on', 'is', null)
        .where('d.residence_id', '=', space.residenceId)
        .executeTakeFirst();
      if (!lives || !space.active) throw new SpacesError(404, 'error.404.title');
      if (season.endsOn < parisParts(now).date) throw new SpacesError(409, 'spaces.garden.error.seasonOver');
      const row = await tx
        .insertInto('garden_applications')
        .values({ organisation_id: space.organisationId, season_id: season.id, household_id: householdId, user_id: actor.userId, status: 'waiting' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, { action: 'spaces.garden.apply', actor, targetType: 'garden_season', targetId: season.id, details: { applicationId: row.id } });
      return row.id as string;
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new SpacesError(409, 'spaces.garden.error.alreadyApplied');
    throw e;
  }
}

/** The plots (item resources) of a garden, in their order. */
export async function gardenPlots(tx: Tx, spaceId: string): Promise<{ id: string; name: string }[]> {
  return tx.selectFrom('space_resources').select(['id', 'name']).where('space_id', '=', spaceId).where('kind', '=', 'item').where('active', '=', true).orderBy('position').orderBy('name').execute();
}

/** Gives a plot to a household for the season; the partial unique indexes refuse a plot or a household twice. */
export async function givePlot(tx: Tx, actor: Actor | null, season: Season, organisationId: string, plot: { id: string; name: string }, householdId: string, applicationId: string): Promise<void> {
  await tx.insertInto('garden_allocations').values({ organisation_id: organisationId, season_id: season.id, resource_id: plot.id, household_id: householdId, application_id: applicationId, allocated_by: actor?.userId ?? null }).execute();
  await tx.updateTable('garden_applications').set({ status: 'allocated', decided_at: new Date() }).where('id', '=', applicationId).execute();
  await gardenNotice(tx, 'allocated', householdId, { season: season.name, plot: plot.name });
}
