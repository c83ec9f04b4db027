import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { listSpaces } from '../db/spaces-db.js';
import { addDays, type LocalDate, parisInstant, weekStart } from '../domain/paris-time.js';
import { PERMISSIONS, requirePermission } from '../policy.js';
import { spaceCapacity } from './open-capacity.js';

export type Period = { kind: 'week' | 'month'; from: LocalDate; to: LocalDate };
export type OccupancyRow = { spaceId: string; name: string; kind: string; openHours: number; bookedHours: number; rate: number | null; households: number; bookings: number; noShows: number; noShowRate: number | null; purposes: Record<string, number> };

/** The week (Monday) or calendar month that holds a day, as [from, to) local dates. */
export function periodOf(kind: 'week' | 'month', day: LocalDate): Period {
  if (kind === 'week') {
    const from = weekStart(day);
    return { kind, from, to: addDays(from, 7) };
  }
  const from = `${day.slice(0, 8)}01`;
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { kind, from, to };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Occupancy per space over a week or a month, for the programme manager: hours open × places (the
 * capacity; staff closures are not subtracted), hours booked (confirmed and no-shows: the place was
 * held), the rate, distinct households, the no-show rate among bookings already ended, and the purposes
 * as counted. Only counts, never names.
 */
export async function occupancy(db: Db, actor: Actor, period: Period, now = new Date()): Promise<OccupancyRow[]> {
  const orgId = requirePermission(actor, PERMISSIONS.report);
  return withTenant(db, { orgId }, async (tx) => {
    const spaces = await listSpaces(tx, { residenceIds: actor.residenceIds });
    if (spaces.length === 0) return [];
    const ids = spaces.map((s) => s.id);
    const from = parisInstant(period.from, 0);
    const to = parisInstant(period.to, 0);
    const window = sql`tstzrange(${from}, ${to}, '[)')`;
    const [figures, purposes] = await Promise.all([
      tx
        .selectFrom('space_bookings')
        .select([
          'space_id',
          sql<number>`coalesce(sum(extract(epoch from upper(during * ${window}) - lower(during * ${window}))) / 3600, 0)`.as('hours'),
          sql<number>`count(distinct household_id)`.as('households'),
          sql<number>`count(*)`.as('bookings'),
          sql<number>`count(*) filter (where status = 'no_show')`.as('no_shows'),
          sql<number>`count(*) filter (where upper(during) <= ${now})`.as('ended'),
        ])
        .where('space_id', 'in', ids)
        .where('status', 'in', ['confirmed', 'no_show'])
        .where(sql<boolean>`during && ${window}`)
        .groupBy('space_id')
        .execute(),
      tx
        .selectFrom('space_bookings')
        .select(['space_id', 'purpose', sql<number>`count(*)`.as('n')])
        .where('space_id', 'in', ids)
        .where('status', 'in', ['confirmed', 'no_show'])
        .where(sql<boolean>`during && ${window}`)
        .groupBy(['space_id', 'purpose'])
        .execute(),
    ]);
    const out: OccupancyRow[] = [];
    for (const s of spaces) {
      const openHours = (await spaceCapacity(tx, s, period.from, period.to)).placeHours;
      const f = figures.find((x) => x.space_id === s.id);
      const bookedHours = Number(f?.hours ?? 0);
      const ended = Number(f?.ended ?? 0);
      const noShows = Number(f?.no_shows ?? 0);
      out.push({
        spaceId: s.id,
        name: s.name,
        kind: s.kind,
        openHours: round1(openHours),
        bookedHours: round1(bookedHours),
        rate: openHours > 0 ? Math.round((bookedHours / openHours) * 1000) / 10 : null,
        households: Number(f?.households ?? 0),
        bookings: Number(f?.bookings ?? 0),
        noShows,
        noShowRate: ended > 0 ? Math.round((noShows / ended) * 1000) / 10 : null,
        purposes: Object.fromEntries(purposes.filter((p) => p.space_id === s.id).map((p) => [p.purpose, Number(p.n)])),
      });
    }
    return out;
  });
}
