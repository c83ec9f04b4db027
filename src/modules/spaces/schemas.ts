import { z } from 'zod';
import { isLocalDate, parseTime } from './domain/paris-time.js';

export const PURPOSES = ['telework', 'training', 'job_search', 'business_creation', 'digital_help', 'leisure', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number] | 'unspecified';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'spaces.error.choose');
const localDate = z.string().trim().refine(isLocalDate, 'spaces.error.date');
const time = z.string().trim().refine((s) => parseTime(s) !== null, 'spaces.error.time');

/** A booking asked for by form or API: which resource, which day, from when, for how long, why. */
export const bookingInput = z.object({
  resourceId: uuid,
  date: localDate,
  start: time,
  minutes: z.coerce.number({ message: 'spaces.error.minutes' }).int('spaces.error.minutes').min(15, 'spaces.error.minutes').max(1440, 'spaces.error.minutes'),
  purpose: z
    .union([z.enum(PURPOSES), z.literal(''), z.literal('unspecified')])
    .optional()
    .transform((p): Purpose => (p ? p : 'unspecified')),
  householdId: uuid.optional(),
  /** "I accept the house rules": a ticked box ('on') or, through the API, true. Required where the space has rules. */
  acceptRules: z.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('')]).optional(),
  idempotencyKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'form.invalid')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type BookingInput = z.infer<typeof bookingInput>;

/**
 * A weekly series: the booking repeated on the same weekday and time for `weeks` weeks. `onConflict`
 * says what to do with dates that cannot be booked: 'ask' books nothing and lists them; 'skip' books
 * the others.
 */
export const seriesInput = bookingInput.extend({
  weeks: z.coerce.number({ message: 'spaces.error.weeks' }).int('spaces.error.weeks').min(2, 'spaces.error.weeks').max(26, 'spaces.error.weeks'),
  onConflict: z.enum(['ask', 'skip']).default('ask'),
});
export type SeriesInput = z.infer<typeof seriesInput>;

/** A slot blocked by staff: the whole space or one resource, from a time to a time of one day, with a reason. */
export const closureInput = z
  .object({
    resourceId: z.union([uuid, z.literal('')]).transform((v) => v || null),
    date: localDate,
    from: time,
    to: time,
    reason: z.string().trim().min(1, 'spaces.error.reason').max(200, 'spaces.error.reason'),
  })
  .refine((v) => (parseTime(v.to) ?? 0) > (parseTime(v.from) ?? 0), { path: ['to'], message: 'spaces.error.toAfterFrom' });
export type ClosureInput = z.infer<typeof closureInput>;
