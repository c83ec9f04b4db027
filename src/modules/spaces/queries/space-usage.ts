import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { type LocalDate, parisInstant, parisParts } from '../domain/paris-time.js';

export type SpaceUsage = { spaceId: string; name: string; kind: string; residenceId: string; bookings: number; hours: number; households: number; assisted: number; purposes: Record<string, number> };

/** The Paris dates of a period whose bounds are Paris midnights; null for any other instants. */
function parisPeriod(from: Date, to: Date): { from: LocalDate; to: LocalDate } | null {
  const f = parisParts(from);
  const t = parisParts(to);
  return f.minutes === 0 && t.minutes === 0 && parisInstant(f.date, 0).getTime() === from.getTime() && parisInstant(t.date, 0).getTime() === to.getTime() ? { from: f.date, to: t.date } : null;
}

/**
 * How each space of the tenant was used in a period: confirmed bookings, hours booked, distinct
 * households, bookings made at the counter, and purposes as counted (never names). Call inside withTenant.
 * A period the nightly job has summarised (`spaces.refresh-usage`: this year, last year and their
 * quarters) is read from the summary, as computed that night; any other period is counted live.
 */
export async function spaceUsage(tx: Tx, from: Date, to: Date): Promise<SpaceUsage[]> {
  const period = parisPeriod(from, to);
  if (period) {
    const stored = await storedUsage(tx, period);
    if (stored) return stored;
  }
  return liveSpaceUsage(tx, from, to);
}

/** The summary of a period, every space included (a space made since counts nothing), or null when the period is not summarised. */
async function storedUsage(tx: Tx, period: { from: LocalDate; to: LocalDate }): Promise<SpaceUsage[] | null> {
  const rows = await tx
    .selectFrom('spaces as s')
    .leftJoin('space_usage_periods as u', (j) => j.onRef('u.space_id', '=', 's.id').on('u.period_from', '=', period.from).on('u.period_to', '=', period.to))
    .select(['s.id', 's.name', 's.kind', 's.residence_id', 'u.bookings', 'u.hours', 'u.households', 'u.assisted', 'u.purposes'])
    .orderBy('s.name')
    .execute();
  if (!rows.some((r) => r.bookings !== null)) return null;
  return rows.map((r) => ({
    spaceId: r.id,
    name: r.name,
    kind: r.kind,
    residenceId: r.residence_id,
    bookings: Number(r.bookings ?? 0),
    hours: Number(r.hours ?? 0),
    households: Number(r.households ?? 0),
    assisted: Number(r.assisted ?? 0),
    purposes: (r.purposes ?? {}) as Record<string, number>,
  }));
}

/** The same figures counted from the bookings themselves. */
export async function liveSpaceUsage(tx: Tx, from: Date, to: Date): Promise<SpaceUsage[]> {
  const rows = await tx
    .selectFrom('spaces as s')
    .leftJoin('space_bookings as b', (j) => j.onRef('b.space_id', '=', 's.id').on('b.status', '=', 'confirmed').on(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`))
    .select([
      's.id',
      's.name',
      's.kind',
      's.residence_id',
      sql<number>`count(b.id)`.as('bookings'),
      sql<number>`coalesce(sum(extract(epoch from upper(b.during) - lower(b.during))) / 3600, 0)`.as('hours'),
      sql<number>`count(distinct b.household_id)`.as('households'),
      sql<number>`count(b.id) filter (where b.assisted)`.as('assisted'),
    ])
    .groupBy(['s.id', 's.name', 's.kind', 's.residence_id'])
    .orderBy('s.name')
    .execute();
  // Only the spaces that had bookings, named: left to row-level security alone, an organisation with
  // none scanned every organisation's bookings (a second at landlord scale, for each period).
  const used = rows.filter((r) => Number(r.bookings) > 0).map((r) => r.id);
  const purposes = used.length
    ? await tx
        .selectFrom('space_bookings')
        .select(['space_id', 'purpose', sql<number>`count(*)`.as('n')])
        .where('space_id', 'in', used)
        .where('status', '=', 'confirmed')
        .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
        .groupBy(['space_id', 'purpose'])
        .execute()
    : [];
  return rows.map((r) => ({
    spaceId: r.id,
    name: r.name,
    kind: r.kind,
    residenceId: r.residence_id,
    bookings: Number(r.bookings),
    hours: Math.round(Number(r.hours) * 10) / 10,
    households: Number(r.households),
    assisted: Number(r.assisted),
    purposes: Object.fromEntries(purposes.filter((p) => p.space_id === r.id).map((p) => [p.purpose, Number(p.n)])),
  }));
}
