import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { authorize } from '../../../platform/access/authorize.js';
import { drawOrder, newDrawSeed } from '../domain/garden-draw.js';
import { SpacesError } from '../errors.js';
import { gardenNotice } from './garden-notices.js';
import { findSeason, gardenPlots, givePlot, type Season, withSeason } from './garden-seasons.js';

/** The plots of the season nobody holds and nobody has been offered to renew. */
async function freePlots(tx: Tx, season: Season): Promise<{ id: string; name: string }[]> {
  const plots = await gardenPlots(tx, season.spaceId);
  const held = await tx.selectFrom('garden_allocations').select('resource_id').where('season_id', '=', season.id).where('released_at', 'is', null).execute();
  const offered = await tx.selectFrom('garden_applications').select('offered_resource_id').where('season_id', '=', season.id).where('status', '=', 'renewal_offered').execute();
  const taken = new Set([...held.map((h) => h.resource_id), ...offered.map((o) => o.offered_resource_id)]);
  return plots.filter((p) => !taken.has(p.id));
}

/** The waiting list of a season, first first: by the draw's rank once drawn, else by the time of application. */
async function waitingList(tx: Tx, seasonId: string): Promise<{ id: string; household_id: string }[]> {
  return tx
    .selectFrom('garden_applications')
    .select(['id', 'household_id'])
    .where('season_id', '=', seasonId)
    .where('status', '=', 'waiting')
    .orderBy((e) => e.fn.coalesce('draw_rank', e.val(2147483647)))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Allocates the free plots of a season to the applications waiting. First come: in order of application.
 * By draw (once per season): a seed is drawn (or given, to replay a draw), stored with the season, and ranks
 * every application; plots go in rank order and the others stay on the waiting list in that order.
 */
export async function allocatePlots(db: Db, actor: Actor, spaceId: string, seasonId: string, opts: { seed?: string } = {}): Promise<{ allocated: number; waiting: number; seed: string | null }> {
  return withSeason(db, actor, spaceId, seasonId, async (tx, space, season) => {
    let seed: string | null = null;
    if (season.allocation === 'draw') {
      if (season.drawnAt) throw new SpacesError(409, 'spaces.garden.error.drawn');
      seed = opts.seed ?? newDrawSeed();
      const apps = await waitingList(tx, season.id);
      const order = drawOrder(seed, apps.map((a) => a.id));
      for (const [i, id] of order.entries()) await tx.updateTable('garden_applications').set({ draw_rank: i + 1 }).where('id', '=', id).execute();
      await tx.updateTable('garden_seasons').set({ draw_seed: seed, drawn_at: new Date(), drawn_by: actor.userId }).where('id', '=', season.id).execute();
    }
    const plots = await freePlots(tx, season);
    const queue = await waitingList(tx, season.id);
    let allocated = 0;
    for (const [i, app] of queue.entries()) {
      const plot = plots[i];
      if (!plot) break;
      await givePlot(tx, actor, season, space.organisationId, plot, app.household_id, app.id);
      allocated++;
    }
    await audit(tx, { action: 'spaces.garden.allocate', actor, targetType: 'garden_season', targetId: season.id, details: { spaceId: space.id, mode: season.allocation, seed, allocated } });
    return { allocated, waiting: queue.length - allocated, seed };
  });
}

/** Gives a freed plot to the first on the waiting list, if any (in the caller's transaction). Returns whether it did. */
async function promoteFirst(tx: Tx, actor: Actor | null, season: Season, organisationId: string): Promise<boolean> {
  const [plot] = await freePlots(tx, season);
  const [first] = await waitingList(tx, season.id);
  if (!plot || !first) return false;
  await givePlot(tx, actor, season, organisationId, plot, first.household_id, first.id);
  return true;
}

/** Staff or a steward releases a plot (the household gave it up or left): the first waiting household gets it. */
export async function releasePlot(db: Db, actor: Actor, spaceId: string, seasonId: string, allocationId: string): Promise<{ promoted: boolean }> {
  return withSeason(db, actor, spaceId, seasonId, async (tx, space, season) => {
    const done = await tx.updateTable('garden_allocations').set({ released_at: new Date() }).where('id', '=', allocationId).where('season_id', '=', season.id).where('released_at', 'is', null).returning('id').executeTakeFirst();
    if (!done) throw new SpacesError(404, 'error.404.title');
    const promoted = await promoteFirst(tx, actor, season, space.organisationId);
    await audit(tx, { action: 'spaces.garden.release', actor, targetType: 'garden_season', targetId: season.id, details: { allocationId, promoted } });
    return { promoted };
  });
}

/**
 * At the end of a season, offers each current holder to keep their plot in the next season (a later season
 * of the same garden): the plot is kept for them until they answer. Idempotent.
 */
export async function offerRenewals(db: Db, actor: Actor, spaceId: string, fromSeasonId: string, toSeasonId: string): Promise<number> {
  return withSeason(db, actor, spaceId, toSeasonId, async (tx, space, next) => {
    const from = await findSeason(tx, fromSeasonId);
    if (!from || from.spaceId !== space.id || from.id === next.id) throw new SpacesError(404, 'error.404.title');
    if (next.startsOn < from.endsOn) throw new SpacesError(409, 'spaces.garden.error.notLater');
    const holders = await tx
      .selectFrom('garden_allocations as a')
      .innerJoin('space_resources as r', 'r.id', 'a.resource_id')
      .select(['a.household_id', 'a.resource_id', 'r.name'])
      .where('a.season_id', '=', from.id)
      .where('a.released_at', 'is', null)
      .execute();
    let offered = 0;
    for (const h of holders) {
      const row = await tx
        .insertInto('garden_applications')
        .values({ organisation_id: space.organisationId, season_id: next.id, household_id: h.household_id, status: 'renewal_offered', offered_resource_id: h.resource_id })
        .onConflict((oc) => oc.columns(['season_id', 'household_id']).where('status', 'in', ['waiting', 'allocated', 'renewal_offered']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      await gardenNotice(tx, 'renewal', h.household_id, { season: next.name, plot: h.name });
      offered++;
    }
    await tx.updateTable('garden_seasons').set({ renewal_of: from.id }).where('id', '=', next.id).execute();
    await audit(tx, { action: 'spaces.garden.renewals', actor, targetType: 'garden_season', targetId: next.id, details: { from: from.id, offered } });
    return offered;
  });
}

/** A holder answers the renewal offer: accept keeps the same plot for the new season; decline frees it for the waiting list. */
export async function answerRenewal(db: Db, actor: Actor, applicationId: string, answer: 'accept' | 'decline'): Promise<void> {
  if (authorize(actor, 'spaces.resident') !== 'allow' || !actor.orgId || !actor.householdId) throw new SpacesError(403, 'error.403.title');
  if (!/^[0-9a-f-]{36}$/i.test(applicationId)) throw new SpacesError(404, 'error.404.title');
  const householdId = actor.householdId;
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const app = await tx.selectFrom('garden_applications').select(['id', 'season_id', 'status', 'offered_resource_id', 'household_id']).where('id', '=', applicationId).executeTakeFirst();
    if (!app || app.household_id !== householdId) throw new SpacesError(404, 'error.404.title');
    const season = await findSeason(tx, app.season_id, true);
    if (!season) throw new SpacesError(404, 'error.404.title');
    const locked = await tx.selectFrom('garden_applications').select('status').where('id', '=', app.id).forUpdate().executeTakeFirstOrThrow();
    if (locked.status !== 'renewal_offered') throw new SpacesError(409, 'spaces.garden.error.answered');
    const orgId = actor.orgId as string;
    if (answer === 'accept') {
      const plot = await tx.selectFrom('space_resources').select(['id', 'name']).where('id', '=', app.offered_resource_id).executeTakeFirstOrThrow();
      await givePlot(tx, actor, season, orgId, plot, householdId, app.id);
    } else {
      await tx.updateTable('garden_applications').set({ status: 'declined', decided_at: new Date() }).where('id', '=', app.id).execute();
      if (season.allocation === 'first_come' || season.drawnAt) await promoteFirst(tx, null, season, orgId);
    }
    await audit(tx, { action: `spaces.garden.renewal.${answer}`, actor, targetType: 'garden_season', targetId: season.id, details: { applicationId } });
  });
}
