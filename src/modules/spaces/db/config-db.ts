import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import type { DayHours, ResourceInput, SpaceInput } from '../config-schemas.js';
import { HOLDING, OVERRIDE_COLUMNS, toOverrides } from './spaces-db.js';

/** The spaces table's columns from the programme manager's form. */
export function spaceColumns(v: SpaceInput, residenceId: string) {
  return {
    kind: v.kind,
    common_place_id: v.commonPlaceId,
    residence_id: residenceId,
    name: v.name,
    description: v.description,
    house_rules: v.houseRules,
    slot_minutes: v.slotMinutes,
    min_minutes: v.minMinutes,
    max_minutes: v.maxMinutes,
    horizon_days: v.horizonDays,
    notice_minutes: v.noticeMinutes,
    cancel_notice_minutes: v.cancelNoticeMinutes,
    weekly_quota_minutes: v.weeklyQuotaHours === null ? null : v.weeklyQuotaHours * 60,
    weekly_quota_bookings: v.weeklyQuotaBookings,
    monthly_quota_minutes: v.monthlyQuotaHours === null ? null : v.monthlyQuotaHours * 60,
    monthly_quota_bookings: v.monthlyQuotaBookings,
    buffer_minutes: v.bufferMinutes,
    checkin_grace_minutes: v.checkinGraceMinutes,
    no_show_limit: v.noShowLimit,
    offer_minutes: v.offerMinutes,
    approval_required: v.approvalRequired,
    public_calendar: v.publicCalendar,
    holidays_closed: v.holidaysClosed,
    active: v.active,
  };
}

/** Replaces a space's opening hours (or, with `resourceId`, that resource's own hours) with the form's. */
export async function replaceHours(tx: Tx, organisationId: string, spaceId: string, hours: DayHours, resourceId: string | null = null): Promise<void> {
  await tx
    .deleteFrom('space_hours')
    .where('space_id', '=', spaceId)
    .where((e) => (resourceId ? e('resource_id', '=', resourceId) : e('resource_id', 'is', null)))
    .execute();
  if (hours.length === 0) return;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  await tx
    .insertInto('space_hours')
    .values(hours.map((h) => ({ organisation_id: organisationId, space_id: spaceId, resource_id: resourceId, weekday: h.weekday, opens: hhmm(h.opens), closes: h.closes === 1440 ? '23:59:59' : hhmm(h.closes) })))
    .execute();
}

/** The residence a common place of the tenant belongs to, or null when there is no such place. */
export async function placeResidence(tx: Tx, placeId: string): Promise<string | null> {
  const r = await tx.selectFrom('common_places').select('residence_id').where('id', '=', placeId).executeTakeFirst();
  return (r?.residence_id as string | undefined) ?? null;
}

/** Whether another space of the place already has this name (the table's unique key). */
export async function nameTaken(tx: Tx, placeId: string, name: string, exceptId: string | null): Promise<boolean> {
  let q = tx.selectFrom('spaces').select('id').where('common_place_id', '=', placeId).where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Every resource of a space, retired ones too (for the settings page). */
export async function allResources(tx: Tx, spaceId: string) {
  const rows = await tx.selectFrom('space_resources').select(['id', 'kind', 'name', 'units', 'people_capacity', 'active', 'own_hours', ...OVERRIDE_COLUMNS]).where('space_id', '=', spaceId).orderBy('active', 'desc').orderBy('position').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id as string, kind: r.kind as ResourceInput['kind'], name: r.name as string, units: r.units as number, peopleCapacity: r.people_capacity as number | null, active: r.active as boolean, ownHours: r.own_hours as boolean, overrides: toOverrides(r) }));
}
export type ConfigResource = Awaited<ReturnType<typeof allResources>>[number];

/** Bookings still ahead (or under way) that hold a unit of a space, optionally of one resource. */
export async function futureHeld(tx: Tx, spaceId: string, now: Date, resourceId?: string) {
  let q = tx
    .selectFrom('space_bookings')
    .select(['id', 'resource_id', 'unit', 'household_id', 'status', sql<Date>`lower(during)`.as('start'), sql<Date>`upper(during)`.as('end'), sql<Date>`lower(held)`.as('held_start'), sql<Date>`upper(held)`.as('held_end')])
    .where('space_id', '=', spaceId)
    .where('status', 'in', [...HOLDING])
    .where(sql<boolean>`upper(during) > ${now}`)
    .orderBy(sql`lower(during)`);
  if (resourceId) q = q.where('resource_id', '=', resourceId);
  return q.execute();
}
