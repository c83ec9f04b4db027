import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf, neighbourhoodOfResidence } from '../../directory/index.js';
import { ensure, notFound } from '../errors.js';
import { ensureRunsEvent } from '../commands/co-organisers.js';
import { auditGuestRead } from './guest-contacts.js';
import { asResident, audienceDecision, householdOf, P } from '../policy.js';
import { byOrganiser, neighbourEventRefs } from './neighbour-events.js';

export type EventSummary = {
  id: string;
  title: string;
  category: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  address: string | null;
  residence: string | null;
  registration: 'off' | 'open' | 'approval';
  capacity: number | null;
  confirmed_seats: number;
  waiting: number;
  cancelled_at: Date | null;
  /** The organising landlord, only on another landlord's activity seen as a neighbour. */
  landlord?: string;
};
export type EventDetail = EventSummary & {
  organisation_id: string;
  residence_id: string | null;
  neighbourhood_id: string | null;
  description: string;
  step_free: boolean;
  hearing_loop: boolean;
  languages: string;
  co_organisers: string;
  place_id: string | null;
  cancel_reason: string | null;
  mine: {
    id: string;
    status: string;
    adults: number;
    children: number;
    ahead: number;
  } | null;
};

function base(tx: Tx) {
  return tx
    .selectFrom('community_events as e')
    .leftJoin('common_places as p', 'p.id', 'e.place_id')
    .leftJoin('residences as r', 'r.id', 'e.residence_id')
    .select(['e.id', 'e.title', 'e.category', 'e.starts_at', 'e.ends_at', 'p.name as place', 'e.address', 'r.name as residence', 'e.registration', 'e.capacity', 'e.cancelled_at'])
    .select(sql<number>`(select coalesce(sum(adults + children), 0)::int from community_registrations x where x.event_id = e.id and x.status = 'confirmed')`.as('confirmed_seats'))
    .select(sql<number>`(select count(*)::int from community_registrations x where x.event_id = e.id and x.status = 'waiting')`.as('waiting'));
}

/**
 * Upcoming events the actor may see: residents those of their residence, of the whole landlord and
 * of their neighbourhood (their landlord's and, as a neighbour, other landlords'); staff their scope.
 */
export async function upcomingEvents(db: Db, actor: Actor, opts: { limit: number; includePast?: boolean }): Promise<EventSummary[]> {
  const endsAfter = opts.includePast ? new Date(Date.now() - 60 * 86_400_000) : new Date();
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    let q = base(tx).orderBy('e.starts_at').limit(opts.limit).where('e.ends_at', '>', endsAfter);
    if (asResident(actor)) {
      const household = householdOf(actor);
      const home = household ? await currentResidenceOf(tx, household) : null;
      const area = home ? await neighbourhoodOfResidence(tx, home) : null;
      q = q.where((w) => w.or([w('e.residence_id', 'is', null), ...(home ? [w('e.residence_id', '=', home)] : []), ...(area ? [w('e.neighbourhood_id', '=', area.id)] : [])]));
    } else if (actor.residenceIds) {
      const scope = actor.residenceIds.length ? actor.residenceIds : ['00000000-0000-0000-0000-000000000000'];
      q = q.where((w) => w.or([w('e.residence_id', 'is', null), w('e.residence_id', 'in', scope)]));
    }
    return (await q.execute()) as EventSummary[];
  });
  if (!asResident(actor)) return own;
  const neighbours = await neighbourEvents(db, await neighbourEventRefs(db, actor, { endsAfter, limit: opts.limit }));
  if (!neighbours.length) return own;
  return [...own, ...neighbours].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime()).slice(0, opts.limit);
}

/** Other landlords' activities already checked visible to a neighbour, read in each organiser's context (counts included). */
async function neighbourEvents(db: Db, refs: Awaited<ReturnType<typeof neighbourEventRefs>>): Promise<EventSummary[]> {
  const out: EventSummary[] = [];
  for (const [orgId, list] of byOrganiser(refs)) {
    const rows = await withTenant(db, { orgId }, (tx) =>
      base(tx)
        .where(
          'e.id',
          'in',
          list.map((r) => r.id),
        )
        .execute(),
    );
    for (const r of rows as EventSummary[]) out.push({ ...r, landlord: list[0].landlord });
  }
  return out;
}

/** One event with its counts and, for a resident, their household's registration and place in line. */
export async function eventDetail(db: Db, actor: Actor, id: string): Promise<EventDetail> {
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
    const e = await detailRow(tx, id);
    if (!e) return null;
    ensure(await audienceDecision(tx, actor, P.read, e as never));
    return { ...(e as unknown as EventDetail), mine: await mineOf(tx, id, householdOf(actor)) };
  });
  if (own) return own;
  // Not one of the landlord's: perhaps another landlord's activity open to the resident's neighbourhood.
  const [ref] = asResident(actor) ? await neighbourEventRefs(db, actor, { id }) : [];
  if (!ref) notFound();
  return withTenant(db, { orgId: ref.organisationId }, async (tx) => {
    const e = (await detailRow(tx, id)) ?? notFound();
    return { ...(e as unknown as EventDetail), landlord: ref.landlord, mine: await mineOf(tx, id, householdOf(actor)) };
  });
}

function detailRow(tx: Tx, id: string) {
  return base(tx)
    .select(['e.organisation_id', 'e.residence_id', 'e.neighbourhood_id', 'e.description', 'e.step_free', 'e.hearing_loop', 'e.languages', 'e.co_organisers', 'e.place_id', 'e.cancel_reason'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

async function mineOf(tx: Tx, id: string, household: string | null): Promise<EventDetail['mine']> {
  if (!household) return null;
  const mine = await tx
    .selectFrom('community_registrations as r')
    .select(['r.id', 'r.status', 'r.adults', 'r.children'])
    .select(sql<number>`(select count(*)::int from community_registrations w where w.event_id = r.event_id and w.status = 'waiting' and (w.queued_at, w.id) < (r.queued_at, r.id))`.as('ahead'))
    .where('r.event_id', '=', id)
    .where('r.household_id', '=', household)
    .where('r.status', '<>', 'cancelled')
    .executeTakeFirst();
  return (mine as EventDetail['mine']) ?? null;
}

export type RosterRow = {
  id: string;
  name: string;
  contact: string | null;
  adults: number;
  children: number;
  status: string;
  attendance: 'present' | 'absent' | null;
  assisted: boolean;
  guest: boolean;
};

/**
 * The facilitator's list: who comes (household, account or guest), how many, in which state.
 * Staff, or a resident co-organiser of the activity; showing guests' names and contacts is recorded in the audit trail.
 */
export async function eventRoster(db: Db, actor: Actor, id: string, where: 'roster' | 'sheet' = 'roster'): Promise<RosterRow[]> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    await ensureRunsEvent(tx, actor, id);
    const rows = await tx
      .selectFrom('community_registrations as r')
      .leftJoin('households as h', 'h.id', 'r.household_id')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select([
        'r.id',
        sql<string>`coalesce(h.name, r.neighbour_name, u.display_name, r.guest_name)`.as('name'),
        sql<string | null>`coalesce(r.guest_contact, h.phone, h.email)`.as('contact'),
        'r.adults',
        'r.children',
        'r.status',
        'r.attendance',
      ])
      .select(sql<boolean>`r.registered_by is not null`.as('assisted'))
      .select(sql<boolean>`r.guest_name is not null and r.contact_purged_at is null`.as('guest'))
      .where('r.event_id', '=', id)
      .where('r.status', 'not in', ['cancelled', 'refused'])
      .orderBy(sql`case r.status when 'confirmed' then 0 when 'pending' then 1 else 2 end`)
      .orderBy('r.queued_at')
      .execute();
    await auditGuestRead(
      tx,
      actor,
      rows.filter((r) => r.guest).map((r) => r.id as string),
      where,
      id,
    );
    return rows as RosterRow[];
  });
}
