import { z } from 'zod';
import { todayInParis } from './queries/desk.js';

/** A time of day typed by a person or a browser's time field: "17:00", "9:30", "17h", "17h30" → "HH:MM". */
const timeOfDay = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3])([:h]([0-5]\d)?)?$/i, 'concierge.error.time')
  .transform((v) => {
    const [h, m = ''] = v.toLowerCase().split(/[:h]/);
    return `${h.padStart(2, '0')}:${(m || '00').padEnd(2, '0')}`;
  });

/** A day that exists (2026-02-31 does not). */
export const calendarDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'concierge.error.date')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'concierge.error.date');

const officeHourSchema = z
  .object({
    weekday: z.coerce.number({ message: 'concierge.error.weekday' }).int('concierge.error.weekday').min(1, 'concierge.error.weekday').max(7, 'concierge.error.weekday'),
    startsAt: timeOfDay,
    endsAt: timeOfDay,
    place: z.string().trim().min(2, 'concierge.error.place').max(120, 'concierge.error.place'),
  })
  .refine((h) => h.endsAt > h.startsAt, { message: 'concierge.error.endsBeforeStart', path: ['endsAt'] });

/** The desk's weekly office hours, replaced as a whole: at most 21 sessions, none overlapping another of its day. */
export const officeHoursSchema = z
  .object({ hours: z.array(officeHourSchema).max(21, 'concierge.error.tooManyHours') })
  .superRefine((v, ctx) => {
    v.hours.forEach((h, i) => {
      const clash = v.hours.findIndex((o, j) => j < i && o.weekday === h.weekday && o.startsAt < h.endsAt && h.startsAt < o.endsAt);
      if (clash >= 0) ctx.addIssue({ code: 'custom', path: ['hours', i, 'startsAt'], message: 'concierge.error.hoursOverlap' });
    });
  });
export type OfficeHoursInput = z.infer<typeof officeHoursSchema>;

/** Longest closure entered at once (a summer break): a longer one is entered in two. */
export const MAX_CLOSURE_DAYS = 62;

/** An exceptional closure: one day, or every day from `from` to `to`, with the reason residents are shown. */
export const closureSchema = z
  .object({
    from: calendarDay,
    to: z.preprocess((v) => (v === '' || v === null ? undefined : v), calendarDay.optional()),
    reason: z.string().trim().min(2, 'concierge.error.closureReason').max(200, 'concierge.error.closureReason'),
  })
  .superRefine((v, ctx) => {
    if (v.from < todayInParis()) ctx.addIssue({ code: 'custom', path: ['from'], message: 'concierge.error.closurePast' });
    if (!v.to) return;
    if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'concierge.error.closureTo' });
    else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 >= MAX_CLOSURE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'concierge.error.closureTooLong' });
  });
export type ClosureInput = z.infer<typeof closureSchema>;

export const closureRemoveSchema = z.object({ date: calendarDay });

/** Every day of a closure, first to last. */
export function closureDays(input: ClosureInput): string[] {
  const out: string[] = [];
  const last = input.to ?? input.from;
  for (let d = new Date(`${input.from}T12:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** Zod issues as field → catalogue key, the whole path joined ("hours.2.startsAt"), the first problem of each field. */
export function pathErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const name = i.path.map(String).join('.') || 'form';
    out[name] ??= i.message.startsWith('concierge.') ? i.message : 'form.invalid';
  }
  return out;
}
