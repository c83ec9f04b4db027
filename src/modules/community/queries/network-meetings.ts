import { sql } from 'kysely';
import { type Actor, isStaff } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { parisDate, parisTime } from '../domain/paris-time.js';
import { ensure, notFound } from '../errors.js';
import { P } from '../policy.js';

/** A club meeting: a network's event open to its member landlords' staff (docs/decisions/network-meetings.md). */
export type ClubMeeting = {
  id: string;
  networkId: string;
  title: string;
  description: string;
  kind: string;
  address: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  cancelledAt: Date | null;
  /** The organiser's reason, shown to members once cancelled. */
  cancelReason: string | null;
  /** Seats taken (confirmed staff registrations). */
  seats: number;
  /** People on the waiting list. */
  waiting: number;
  /** The viewer's own live registration, for member staff, and whether it has a seat or waits. */
  mine: string | null;
  mineStatus: 'confirmed' | 'waiting' | null;
};

type Counts = { seats: number; waiting: number; mine: string | null; mineStatus: 'confirmed' | 'waiting' | null };

const COLUMNS = ['id', 'organisation_id', 'title', 'description', 'category', 'address', 'starts_at', 'ends_at', 'capacity', 'cancelled_at', 'cancel_reason'] as const;
type Row = Record<(typeof COLUMNS)[number], unknown>;

/**
 * Names the network for the rest of the transaction, so that row-level security shows its club
 * meetings (policy `community_events_network`, migration 20261211160000) — only to a landlord that is
 * a member of it now. Run in the member's own context, for its staff only.
 */
async function openNetworkView(tx: Tx, networkId: string): Promise<void> {
  await sql`select set_config('app.network_id', ${networkId}, true)`.execute(tx);
}

/** Member staff only: the landlord's staff, never a resident nor staff typing for one. */
function ensureMemberStaff(actor: Actor): string {
  ensure(authorize(actor, P.clubMeetings));
  if (!isStaff(actor) || actor.actingFor || !actor.orgId) notFound();
  return actor.orgId;
}

async function countsIn(db: Db, networkId: string, ids: string[], viewer: { userId: string; orgId: string } | null): Promise<Map<string, Counts>> {
  if (!ids.length) return new Map();
  const mine = sql`status <> 'cancelled' and user_id = ${viewer?.userId ?? null} and staff_org_id = ${viewer?.orgId ?? null}`;
  const rows = await withTenant(db, { orgId: networkId }, (tx) =>
    tx
      .selectFrom('community_registrations')
      .select([
        'event_id',
        sql<number>`count(*) filter (where status = 'confirmed')::int`.as('seats'),
        sql<number>`count(*) filter (where status = 'waiting')::int`.as('waiting'),
        sql<string | null>`(array_agg(id::text) filter (where ${mine}))[1]`.as('mine'),
        sql<string | null>`(array_agg(status::text) filter (where ${mine}))[1]`.as('mine_status'),
      ])
      .where('event_id', 'in', ids)
      .where('staff_org_id', 'is not', null)
      .groupBy('event_id')
      .execute(),
  );
  return new Map(
    rows.map((r) => [
      r.event_id as string,
      { seats: Number(r.seats), waiting: Number(r.waiting), mine: (r.mine as string | null) ?? null, mineStatus: (r.mine_status as Counts['mineStatus']) ?? null },
    ]),
  );
}

function toMeeting(r: Row, counts: Counts | undefined): ClubMeeting {
  return {
    id: r.id as string,
    networkId: r.organisation_id as string,
    title: r.title as string,
    description: r.description as string,
    kind: r.category as string,
    address: (r.address as string | null) ?? '',
    startsAt: r.starts_at as Date,
    endsAt: r.ends_at as Date,
    capacity: (r.capacity as number | null) ?? null,
    cancelledAt: (r.cancelled_at as Date | null) ?? null,
    cancelReason: (r.cancel_reason as string | null) ?? null,
    seats: counts?.seats ?? 0,
    waiting: counts?.waiting ?? 0,
    mine: counts?.mine ?? null,
    mineStatus: counts?.mineStatus ?? null,
  };
}

/**
 * The club meetings of a network, as staff of a member landlord see them (with their own
 * registration); an empty list for a network the landlord is not a member of. Residents: 403/404.
 */
export async function clubMeetingsForMember(db: Db, actor: Actor, networkId: string): Promise<ClubMeeting[]> {
  const orgId = ensureMemberStaff(actor);
  if (!/^[0-9a-f-]{36}$/i.test(networkId)) return [];
  const rows = (await withTenant(db, { orgId }, async (tx) => {
    await openNetworkView(tx, networkId);
    return tx.selectFrom('community_events').select([...COLUMNS]).where('network_audience', '=', true).where('organisation_id', '=', networkId).orderBy('starts_at').execute();
  })) as Row[];
  const counts = await countsIn(db, networkId, rows.map((r) => r.id as string), { userId: actor.userId, orgId });
  return rows.map((r) => toMeeting(r, counts.get(r.id as string)));
}

/** One club meeting seen by member staff, looked up in each network their landlord belongs to now; else 404. */
export async function clubMeetingForMember(db: Db, actor: Actor, eventId: string): Promise<ClubMeeting> {
  const orgId = ensureMemberStaff(actor);
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) notFound();
  const row = (await withTenant(db, { orgId }, async (tx) => {
    const networks = await tx.selectFrom('network_memberships').select('network_id').where('member_id', '=', orgId).execute();
    for (const n of networks) {
      await openNetworkView(tx, n.network_id as string);
      const found = await tx.selectFrom('community_events').select([...COLUMNS]).where('id', '=', eventId).where('network_audience', '=', true).executeTakeFirst();
      if (found) return found;
    }
    return undefined;
  })) as Row | undefined;
  if (!row) notFound();
  const counts = await countsIn(db, row.organisation_id as string, [eventId], { userId: actor.userId, orgId });
  return toMeeting(row, counts.get(eventId));
}

/** The network's own club meetings, for its staff (organisers). */
export async function networkMeetingsOfNetwork(db: Db, actor: Actor): Promise<ClubMeeting[]> {
  ensure(authorize(actor, P.networkMeetings));
  const networkId = actor.orgId ?? notFound();
  const rows = (await withTenant(db, { orgId: networkId }, (tx) =>
    tx.selectFrom('community_events').select([...COLUMNS]).where('network_audience', '=', true).orderBy('starts_at').execute(),
  )) as Row[];
  const counts = await countsIn(db, networkId, rows.map((r) => r.id as string), null);
  return rows.map((r) => toMeeting(r, counts.get(r.id as string)));
}

/** A meeting as the organiser's form shows it (date and hours in Paris time), to change it. */
export function meetingFormValues(m: ClubMeeting): Record<string, string> {
  return {
    title: m.title,
    description: m.description,
    kind: m.kind === 'workshop' ? 'workshop' : 'committee',
    address: m.address,
    date: parisDate(m.startsAt),
    startTime: parisTime(m.startsAt),
    endTime: parisTime(m.endsAt),
    capacity: m.capacity === null ? '' : String(m.capacity),
  };
}

export type ClubRosterLine = { name: string; landlord: string; registeredAt: Date };

/** One of the network's own club meetings, for its staff (the edit form); 404 for anything else. */
export async function networkMeetingOfNetwork(db: Db, actor: Actor, eventId: string): Promise<ClubMeeting> {
  return (await networkMeetingRoster(db, actor, eventId)).meeting;
}

/**
 * The organiser's roster of a club meeting: names of the staff registered and their landlord (no
 * contact), then the waiting list in its order.
 */
export async function networkMeetingRoster(db: Db, actor: Actor, eventId: string): Promise<{ meeting: ClubMeeting; roster: ClubRosterLine[]; waiting: ClubRosterLine[] }> {
  ensure(authorize(actor, P.networkMeetings));
  const networkId = actor.orgId ?? notFound();
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) notFound();
  return withTenant(db, { orgId: networkId }, async (tx) => {
    const row = ((await tx.selectFrom('community_events').select([...COLUMNS]).where('id', '=', eventId).where('network_audience', '=', true).executeTakeFirst()) as Row | undefined) ?? notFound();
    const lines = await tx
      .selectFrom('community_registrations as r')
      .innerJoin('organisations as o', 'o.id', 'r.staff_org_id')
      .select(['r.staff_name', 'o.name', 'r.created_at', 'r.status'])
      .where('r.event_id', '=', eventId)
      .where('r.status', 'in', ['confirmed', 'waiting'])
      .orderBy('r.queued_at')
      .orderBy('r.id')
      .execute();
    const line = (l: (typeof lines)[number]) => ({ name: l.staff_name as string, landlord: l.name as string, registeredAt: l.created_at as Date });
    const byName = (a: ClubRosterLine, b: ClubRosterLine) => a.landlord.localeCompare(b.landlord, 'fr') || a.name.localeCompare(b.name, 'fr');
    const roster = lines.filter((l) => l.status === 'confirmed').map(line).sort(byName);
    const waiting = lines.filter((l) => l.status === 'waiting').map(line);
    return { meeting: toMeeting(row, { seats: roster.length, waiting: waiting.length, mine: null, mineStatus: null }), roster, waiting };
  });
}
