import { sql } from 'kysely';
import { type Actor, isStaff } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
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
  /** Seats taken (confirmed staff registrations). */
  seats: number;
  /** The viewer's own live registration, for member staff. */
  mine: string | null;
};

const COLUMNS = ['id', 'organisation_id', 'title', 'description', 'category', 'address', 'starts_at', 'ends_at', 'capacity', 'cancelled_at'] as const;
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

async function countsIn(db: Db, networkId: string, ids: string[], viewer: { userId: string; orgId: string } | null) {
  if (!ids.length) return new Map<string, { seats: number; mine: string | null }>();
  const rows = await withTenant(db, { orgId: networkId }, (tx) =>
    tx
      .selectFrom('community_registrations')
      .select(['event_id', sql<number>`count(*) filter (where status = 'confirmed')::int`.as('seats'), sql<string | null>`(array_agg(id::text) filter (where status <> 'cancelled' and user_id = ${viewer?.userId ?? null} and staff_org_id = ${viewer?.orgId ?? null}))[1]`.as('mine')])
      .where('event_id', 'in', ids)
      .where('staff_org_id', 'is not', null)
      .groupBy('event_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.event_id as string, { seats: Number(r.seats), mine: (r.mine as string | null) ?? null }]));
}

function toMeeting(r: Row, counts: { seats: number; mine: string | null } | undefined): ClubMeeting {
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
    seats: counts?.seats ?? 0,
    mine: counts?.mine ?? null,
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

export type ClubRosterLine = { name: string; landlord: string; registeredAt: Date };

/** The organiser's roster of a club meeting: names of the staff registered and their landlord (no contact). */
export async function networkMeetingRoster(db: Db, actor: Actor, eventId: string): Promise<{ meeting: ClubMeeting; roster: ClubRosterLine[] }> {
  ensure(authorize(actor, P.networkMeetings));
  const networkId = actor.orgId ?? notFound();
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) notFound();
  return withTenant(db, { orgId: networkId }, async (tx) => {
    const row = ((await tx.selectFrom('community_events').select([...COLUMNS]).where('id', '=', eventId).where('network_audience', '=', true).executeTakeFirst()) as Row | undefined) ?? notFound();
    const lines = await tx
      .selectFrom('community_registrations as r')
      .innerJoin('organisations as o', 'o.id', 'r.staff_org_id')
      .select(['r.staff_name', 'o.name', 'r.created_at'])
      .where('r.event_id', '=', eventId)
      .where('r.status', '=', 'confirmed')
      .orderBy('o.name')
      .orderBy('r.staff_name')
      .execute();
    const roster = lines.map((l) => ({ name: l.staff_name as string, landlord: l.name as string, registeredAt: l.created_at as Date }));
    return { meeting: toMeeting(row, { seats: roster.length, mine: null }), roster };
  });
}
