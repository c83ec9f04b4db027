import { z } from 'zod';
import { parseTime } from './domain/paris-time.js';

export const SPACE_KINDS = ['coworking', 'room', 'garden', 'workshop', 'equipment'] as const;
export const RESOURCE_KINDS = ['seats', 'room', 'item'] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'spaces.error.choose');
const whole = (min: number, max: number, key: string) => z.coerce.number({ message: key }).int(key).min(min, key).max(max, key);
/** An optional whole number: empty (or absent) means none. */
const optionalWhole = (min: number, max: number, key: string) => z.union([z.literal('').transform(() => null), z.undefined().transform(() => null), whole(min, max, key)]);
const flag = z.union([z.literal('on'), z.literal('true'), z.literal(''), z.undefined()]).transform((v) => v === 'on' || v === 'true');

/** One weekday's opening: up to two intervals ("09:00"–"12:00", "14:00"–"18:00"); empty fields mean closed. */
export type DayHours = { weekday: number; opens: number; closes: number }[];

/** The form fields of a weekday's hours: h1a/h1b for Monday's first interval, h1c/h1d for its second. */
export const hourFields = (d: number) => [`h${d}a`, `h${d}b`, `h${d}c`, `h${d}d`] as const;

/** Reads the 28 hour fields into opening intervals, or the weekday whose hours do not make sense. */
export function parseHours(form: Record<string, unknown>): { hours: DayHours; bad: number[] } {
  const hours: DayHours = [];
  const bad: number[] = [];
  for (const d of WEEKDAYS) {
    const [a, b, c, e] = hourFields(d).map((f) => String(form[f] ?? '').trim());
    const pairs = [[a, b], [c, e]].filter(([o, cl]) => o || cl);
    let last = -1;
    for (const [o, cl] of pairs) {
      const opens = parseTime(o);
      const closes = parseTime(cl);
      if (opens === null || closes === null || closes <= opens || opens < last) {
        bad.push(d);
        break;
      }
      last = closes;
      hours.push({ weekday: d, opens, closes });
    }
  }
  return { hours, bad: [...new Set(bad)] };
}

/**
 * A space as the programme manager describes it: where, what, and its booking rules. Durations are
 * in minutes; the quotas in hours or bookings, per week or per month (empty: no quota).
 */
export const spaceInput = z
  .object({
    kind: z.enum(SPACE_KINDS, { message: 'spaces.error.choose' }),
    commonPlaceId: uuid,
    name: z.string().trim().min(1, 'spaces.config.error.name').max(120, 'spaces.config.error.name'),
    description: z.string().trim().max(1000, 'spaces.config.error.tooLong'),
    houseRules: z.string().trim().max(4000, 'spaces.config.error.tooLong'),
    slotMinutes: whole(15, 1440, 'spaces.config.error.slot'),
    minMinutes: whole(15, 1440, 'spaces.config.error.minutes'),
    maxMinutes: whole(15, 1440, 'spaces.config.error.minutes'),
    horizonDays: whole(1, 400, 'spaces.config.error.horizon'),
    noticeMinutes: whole(0, 43200, 'spaces.config.error.notice'),
    cancelNoticeMinutes: whole(0, 43200, 'spaces.config.error.notice'),
    weeklyQuotaHours: z.union([z.literal('').transform(() => null), whole(1, 168, 'spaces.config.error.quota')]),
    weeklyQuotaBookings: optionalWhole(1, 100, 'spaces.config.error.quotaBookings'),
    monthlyQuotaHours: optionalWhole(1, 744, 'spaces.config.error.quotaMonthHours'),
    monthlyQuotaBookings: optionalWhole(1, 400, 'spaces.config.error.quotaBookings'),
    bufferMinutes: whole(0, 240, 'spaces.config.error.buffer'),
    checkinGraceMinutes: z.union([z.literal('').transform(() => null), z.undefined().transform(() => null), whole(5, 240, 'spaces.config.error.grace')]),
    noShowLimit: z.union([z.literal('').transform(() => null), z.undefined().transform(() => null), whole(1, 20, 'spaces.config.error.noShowLimit')]),
    offerMinutes: z.union([z.literal('').transform(() => 120), z.undefined().transform(() => 120), whole(10, 2880, 'spaces.config.error.offer')]),
    approvalRequired: flag,
    publicCalendar: flag,
    holidaysClosed: flag,
    active: flag,
  })
  .refine((v) => v.maxMinutes >= v.minMinutes, { path: ['maxMinutes'], message: 'spaces.config.error.maxBelowMin' })
  .refine((v) => v.minMinutes % v.slotMinutes === 0, { path: ['minMinutes'], message: 'spaces.config.error.slotMultiple' })
  .refine((v) => v.maxMinutes % v.slotMinutes === 0, { path: ['maxMinutes'], message: 'spaces.config.error.slotMultiple' });
export type SpaceInput = z.infer<typeof spaceInput> & { hours: DayHours };

/** An optional number: empty means "as the space". */
const own = (min: number, max: number, key: string) => z.union([z.literal('').transform(() => null), z.undefined().transform(() => null), whole(min, max, key)]);
/** "as the space" (empty), yes or no. */
const ownFlag = z.union([z.literal(''), z.undefined(), z.literal('yes'), z.literal('no')]).transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

/** The rule fields a resource may set for itself; empty keeps the space's. */
export const RESOURCE_RULE_FIELDS = ['slotMinutes', 'minMinutes', 'maxMinutes', 'horizonDays', 'noticeMinutes', 'cancelNoticeMinutes', 'weeklyQuotaHours', 'weeklyQuotaBookings', 'monthlyQuotaHours', 'monthlyQuotaBookings', 'bufferMinutes'] as const;

/** A bookable resource: N seats, a whole room with a capacity of people, or one item — with, optionally, rules of its own. */
export const resourceInput = z
  .object({
    kind: z.enum(RESOURCE_KINDS, { message: 'spaces.error.choose' }),
    name: z.string().trim().min(1, 'spaces.config.error.name').max(120, 'spaces.config.error.name'),
    units: z.union([z.literal('').transform(() => 1), whole(1, 500, 'spaces.config.error.units')]),
    peopleCapacity: z.union([z.literal('').transform(() => null), whole(1, 1000, 'spaces.config.error.capacity')]),
    slotMinutes: own(15, 1440, 'spaces.config.error.slot'),
    minMinutes: own(15, 1440, 'spaces.config.error.minutes'),
    maxMinutes: own(15, 1440, 'spaces.config.error.minutes'),
    horizonDays: own(1, 400, 'spaces.config.error.horizon'),
    noticeMinutes: own(0, 43200, 'spaces.config.error.notice'),
    cancelNoticeMinutes: own(0, 43200, 'spaces.config.error.notice'),
    weeklyQuotaHours: own(1, 168, 'spaces.config.error.quota'),
    weeklyQuotaBookings: own(1, 100, 'spaces.config.error.quotaBookings'),
    monthlyQuotaHours: own(1, 744, 'spaces.config.error.quotaMonthHours'),
    monthlyQuotaBookings: own(1, 400, 'spaces.config.error.quotaBookings'),
    bufferMinutes: own(0, 240, 'spaces.config.error.buffer'),
    holidaysClosed: ownFlag,
    approvalRequired: ownFlag,
    ownHours: flag,
  })
  .refine((v) => v.kind === 'seats' || v.units === 1, { path: ['units'], message: 'spaces.config.error.unitsOne' });
export type ResourceInput = z.infer<typeof resourceInput> & { hours?: DayHours };

const localDay = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'spaces.error.date');

/** An exceptional closure from the settings page: whole days, first to last included; the whole space or one resource. */
export const closureDaysInput = z
  .object({
    resourceId: z.union([z.literal('').transform(() => null), uuid]),
    fromDate: localDay,
    toDate: localDay,
    reason: z.string().trim().min(1, 'spaces.closures.error.reason').max(200, 'spaces.closures.error.reason'),
  })
  .refine((v) => v.toDate >= v.fromDate, { path: ['toDate'], message: 'spaces.closures.error.order' })
  .refine((v) => (Date.parse(v.toDate) - Date.parse(v.fromDate)) / 86_400_000 <= 366, { path: ['toDate'], message: 'spaces.closures.error.tooLong' });
export type ClosureDaysInput = z.infer<typeof closureDaysInput>;
