import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import type { RuleOverrides } from '../domain/resource-rules.js';
import type { Closure, OpeningInterval, SpaceRules } from '../domain/rules.js';

export type SpaceKind = 'coworking' | 'room' | 'garden' | 'workshop' | 'equipment';
export type Space = { id: string; organisationId: string; residenceId: string; commonPlaceId: string; kind: SpaceKind; name: string; description: string; houseRules: string; houseRulesVersion: number; publicCalendar: boolean; approvalRequired: boolean; active: boolean; rules: SpaceRules; checkinGraceMinutes: number | null; noShowLimit: number | null; offerMinutes: number };
/** A bookable resource; `overrides` are its own rules (else the space's), `ownHours` its own opening hours (else null: the space's). */
export type Resource = { id: string; kind: 'seats' | 'room' | 'item'; name: string; units: number; peopleCapacity: number | null; overrides: RuleOverrides; ownHours: OpeningInterval[] | null };

/** A resource's own rules (retired ones too), for the rules that bind a booking already made: the cancellation notice. */
export async function resourceOverrides(tx: Tx, resourceId: string): Promise<RuleOverrides | undefined> {
  const r = await tx.selectFrom('space_resources').select([...OVERRIDE_COLUMNS]).where('id', '=', resourceId).executeTakeFirst();
  return r ? toOverrides(r) : undefined;
}

/** The rule-override columns of space_resources. */
export const OVERRIDE_COLUMNS = ['slot_minutes', 'min_minutes', 'max_minutes', 'horizon_days', 'notice_minutes', 'cancel_notice_minutes', 'weekly_quota_minutes', 'weekly_quota_bookings', 'monthly_quota_minutes', 'monthly_quota_bookings', 'buffer_minutes', 'holidays_closed', 'approval_required'] as const;

// biome-ignore lint/suspicious/noExplicitAny: rows of the loosely typed builder
export function toOverrides(r: any): RuleOverrides {
  return {
    slotMinutes: r.slot_minutes,
    minMinutes: r.min_minutes,
    maxMinutes: r.max_minutes,
    horizonDays: r.horizon_days,
    noticeMinutes: r.notice_minutes,
    cancelNoticeMinutes: r.cancel_notice_minutes,
    weeklyQuotaMinutes: r.weekly_quota_minutes,
    weeklyQuotaBookings: r.weekly_quota_bookings,
    monthlyQuotaMinutes: r.monthly_quota_minutes,
    monthlyQuotaBookings: r.monthly_quota_bookings,
    bufferMinutes: r.buffer_minutes,
    holidaysClosed: r.holidays_closed,
    approvalRequired: r.approval_required,
  };
}
export type HeldBooking = { id: string; resourceId: string; unit: number; householdId: string; start: Date; end: Date; heldStart: Date; heldEnd: Date; status: 'pending' | 'confirmed' | 'offered'; purpose: string };

const SPACE_COLUMNS = [
  's.id', 's.organisation_id', 's.residence_id', 's.common_place_id', 's.kind', 's.name', 's.description', 's.house_rules', 's.house_rules_version', 's.public_calendar', 's.approval_required', 's.active',
  's.slot_minutes', 's.min_minutes', 's.max_minutes', 's.horizon_days', 's.notice_minutes', 's.cancel_notice_minutes', 's.weekly_quota_minutes', 's.weekly_quota_bookings', 's.monthly_quota_minutes', 's.monthly_quota_bookings', 's.buffer_minutes', 's.holidays_closed',
  's.checkin_grace_minutes', 's.no_show_limit', 's.offer_minutes',
] as const;

// biome-ignore lint/suspicious/noExplicitAny: rows of the loosely typed builder
function toSpace(r: any): Space {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    residenceId: r.residence_id,
    commonPlaceId: r.common_place_id,
    kind: r.kind,
    name: r.name,
    description: r.description,
    houseRules: r.house_rules,
    houseRulesVersion: r.house_rules_version,
    publicCalendar: r.public_calendar,
    approvalRequired: r.approval_required,
    active: r.active,
    checkinGraceMinutes: r.checkin_grace_minutes,
    noShowLimit: r.no_show_limit,
    offerMinutes: r.offer_minutes,
    rules: {
      slotMinutes: r.slot_minutes,
      minMinutes: r.min_minutes,
      maxMinutes: r.max_minutes,
      horizonDays: r.horizon_days,
      noticeMinutes: r.notice_minutes,
      cancelNoticeMinutes: r.cancel_notice_minutes,
      weeklyQuotaMinutes: r.weekly_quota_minutes,
      weeklyQuotaBookings: r.weekly_quota_bookings,
      monthlyQuotaMinutes: r.monthly_quota_minutes,
      monthlyQuotaBookings: r.monthly_quota_bookings,
      bufferMinutes: r.buffer_minutes,
      holidaysClosed: r.holidays_closed,
    },
  };
}

/** One space of the tenant; `lock` takes its row FOR UPDATE, which serialises the bookings of that space. */
export async function findSpace(tx: Tx, id: string, opts: { lock?: boolean } = {}): Promise<Space | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  let q = tx.selectFrom('spaces as s').select([...SPACE_COLUMNS]).where('s.id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toSpace(row) : null;
}

/** The tenant's spaces, optionally only those serving some residences. */
export async function listSpaces(tx: Tx, filter: { residenceIds?: string[] | null; activeOnly?: boolean } = {}): Promise<Space[]> {
  let q = tx.selectFrom('spaces as s').select([...SPACE_COLUMNS]).orderBy('s.name');
  if (filter.residenceIds) q = q.where('s.residence_id', 'in', filter.residenceIds.length ? filter.residenceIds : ['00000000-0000-0000-0000-000000000000']);
  if (filter.activeOnly) q = q.where('s.active', '=', true);
  return (await q.execute()).map(toSpace);
}

export async function listResources(tx: Tx, spaceId: string): Promise<Resource[]> {
  const rows = await tx
    .selectFrom('space_resources')
    .select(['id', 'kind', 'name', 'units', 'people_capacity', 'own_hours', ...OVERRIDE_COLUMNS])
    .where('space_id', '=', spaceId)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('name')
    .execute();
  const withHours = rows.filter((r) => r.own_hours).map((r) => r.id as string);
  const own = withHours.length ? await hoursRows(tx, spaceId, withHours) : [];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    units: r.units,
    peopleCapacity: r.people_capacity,
    overrides: toOverrides(r),
    ownHours: r.own_hours ? own.filter((h) => h.resourceId === r.id).map(({ weekday, opens, closes }) => ({ weekday, opens, closes })) : null,
  }));
}

async function hoursRows(tx: Tx, spaceId: string, resourceIds: string[] | null): Promise<(OpeningInterval & { resourceId: string | null })[]> {
  let q = tx
    .selectFrom('space_hours')
    .select(['resource_id', 'weekday', sql<number>`extract(epoch from opens)::int / 60`.as('opens'), sql<number>`extract(epoch from closes)::int / 60`.as('closes')])
    .where('space_id', '=', spaceId)
    .orderBy('weekday')
    .orderBy('opens');
  q = resourceIds ? q.where('resource_id', 'in', resourceIds) : q.where('resource_id', 'is', null);
  const rows = await q.execute();
  return rows.map((r) => ({ resourceId: r.resource_id, weekday: r.weekday, opens: Number(r.opens), closes: Number(r.closes) }));
}

/** A resource's own opening hours (whether or not it uses them now). */
export async function resourceHours(tx: Tx, spaceId: string, resourceId: string): Promise<OpeningInterval[]> {
  return (await hoursRows(tx, spaceId, [resourceId])).map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
}

/** The space's own opening hours (a resource with its own hours has them in `Resource.ownHours`). */
export async function listHours(tx: Tx, spaceId: string): Promise<OpeningInterval[]> {
  return (await hoursRows(tx, spaceId, null)).map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
}

export async function listClosures(tx: Tx, spaceId: string, from: Date, to: Date): Promise<(Closure & { id: string })[]> {
  const rows = await tx
    .selectFrom('space_closures')
    .select(['id', 'resource_id', 'reason', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
    .where('space_id', '=', spaceId)
    .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
    .orderBy(sql`lower(during)`)
    .execute();
  return rows.map((r) => ({ id: r.id, resourceId: r.resource_id, reason: r.reason, start: r.start, end: r.end }));
}

/**
 * A space's bookings whose held range (which contains the booked one) ends after `from`: a condition the
 * index (space_id, held_until) answers under row-level security, where the range overlap `&&` cannot be
 * an index condition (not leakproof). Add it beside an overlap test on `held` or `during` of a window
 * starting at `from`; it changes no result.
 */
export function notOverBefore(from: Date) {
  return sql<boolean>`held_until > ${from}`;
}

/** The statuses in which a booking holds its unit (the exclusion constraint's own list). */
export const HOLDING = ['pending', 'confirmed', 'offered'] as const;

/** Bookings that hold a unit (pending, confirmed or offered) and whose held range touches the window. */
export async function heldBookings(tx: Tx, spaceId: string, from: Date, to: Date): Promise<HeldBooking[]> {
  const rows = await tx
    .selectFrom('space_bookings')
    .select(['id', 'resource_id', 'unit', 'household_id', 'status', 'purpose', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('space_id', '=', spaceId)
    .where(notOverBefore(from))
    .where('status', 'in', [...HOLDING])
    .where(sql<boolean>`held && tstzrange(${from}, ${to}, '[)')`)
    .orderBy(sql`lower(during)`)
    .execute();
  return rows.map((r) => ({ id: r.id, resourceId: r.resource_id, unit: r.unit, householdId: r.household_id, status: r.status, purpose: r.purpose, start: r.start, end: r.end, heldStart: r.held_start, heldEnd: r.held_end }));
}

/** A household's active bookings of a space in a window (for quotas and double-booking by the same household). */
export async function householdBookings(tx: Tx, spaceId: string, householdId: string, from: Date, to: Date): Promise<{ start: Date; end: Date; resourceId: string }[]> {
  return tx
    .selectFrom('space_bookings')
    .select(['resource_id as resourceId', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
    .where('space_id', '=', spaceId)
    .where(notOverBefore(from))
    .where('household_id', '=', householdId)
    .where('status', 'in', [...HOLDING])
    .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
    .execute();
}

export type NewBooking = {
  organisationId: string;
  spaceId: string;
  resourceId: string;
  unit: number;
  householdId: string;
  bookedBy: string | null;
  start: Date;
  end: Date;
  heldEnd: Date;
  status: 'pending' | 'confirmed' | 'offered';
  purpose: string;
  assisted: boolean;
  idempotencyKey: string | null;
  seriesId?: string | null;
  /** On a series' first booking (the one carrying its key): the first week and number of weeks asked. */
  seriesAsked?: { from: string; weeks: number } | null;
  offerExpiresAt?: Date | null;
  /** When the household accepted the space's house rules for this booking, and which version. */
  houseRulesAcceptedAt?: Date | null;
  houseRulesVersion?: number | null;
  /** A neighbour's booking (docs/decisions/neighbourhoods.md): their landlord and the household's name for the board. */
  guest?: { orgId: string; name: string } | null;
};

export async function insertBooking(tx: Tx, b: NewBooking): Promise<string> {
  const row = await tx
    .insertInto('space_bookings')
    .values({
      organisation_id: b.organisationId,
      space_id: b.spaceId,
      resource_id: b.resourceId,
      unit: b.unit,
      household_id: b.householdId,
      booked_by: b.bookedBy,
      during: sql`tstzrange(${b.start}, ${b.end}, '[)')`,
      held: sql`tstzrange(${b.start}, ${b.heldEnd}, '[)')`,
      status: b.status,
      purpose: b.purpose,
      assisted: b.assisted,
      idempotency_key: b.idempotencyKey,
      series_id: b.seriesId ?? null,
      series_from: b.seriesAsked?.from ?? null,
      series_weeks: b.seriesAsked?.weeks ?? null,
      offer_expires_at: b.offerExpiresAt ?? null,
      house_rules_accepted_at: b.houseRulesAcceptedAt ?? null,
      house_rules_version: b.houseRulesVersion ?? null,
      guest_org_id: b.guest?.orgId ?? null,
      guest_name: b.guest?.name ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id as string;
}

export async function bookingByKey(tx: Tx, key: string): Promise<{ id: string; householdId: string; spaceId: string; resourceId: string; start: Date; end: Date } | null> {
  const r = await tx
    .selectFrom('space_bookings')
    .select(['id', 'household_id', 'space_id', 'resource_id', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end')])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return r ? { id: r.id, householdId: r.household_id, spaceId: r.space_id, resourceId: r.resource_id, start: r.start, end: r.end } : null;
}
