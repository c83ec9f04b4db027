import { z } from 'zod';
import { PURPOSES } from '../schemas.js';

// The fields allowed out of /api/v1/spaces: `parse` drops whatever else a query read (organisation ids,
// who else booked). The request bodies are documented here and checked again by the commands' own
// schemas, whose messages come back translated.
const instant = z.string().describe('ISO 8601 instant (UTC); shown to people in Paris time');
const localDate = z.string().describe('A day in Paris, YYYY-MM-DD');
const hhmm = z.string().describe('A time of day in Paris, HH:MM');

const ApiRules = z.object({
  slotMinutes: z.number().int(),
  minMinutes: z.number().int(),
  maxMinutes: z.number().int(),
  horizonDays: z.number().int().describe('How many days ahead one may book'),
  noticeMinutes: z.number().int(),
  cancelNoticeMinutes: z.number().int(),
  weeklyQuotaMinutes: z.number().int().nullable().describe('Minutes per household per week (Monday–Sunday, Paris); null: none'),
  weeklyQuotaBookings: z.number().int().nullable().describe('Bookings per household per week; null: none'),
  monthlyQuotaMinutes: z.number().int().nullable().describe('Minutes per household per calendar month; null: none'),
  monthlyQuotaBookings: z.number().int().nullable().describe('Bookings per household per calendar month; null: none'),
  bufferMinutes: z.number().int(),
  holidaysClosed: z.boolean(),
});

const ApiHours = z.array(z.object({ weekday: z.number().int().describe('1 = Monday … 7 = Sunday'), opens: z.number().int().describe('Minutes after midnight, Paris'), closes: z.number().int() }));

export const ApiResource = z.object({
  id: z.string(),
  kind: z.enum(['seats', 'room', 'item']).describe('seats: N identical places; room: booked whole; item: lent equipment or a plot'),
  name: z.string(),
  units: z.number().int().describe('Identical places (seats) or 1'),
  peopleCapacity: z.number().int().nullable(),
  rules: ApiRules.optional().describe('The rules this resource is booked under: the space’s, with the resource’s own values in their place'),
  approvalRequired: z.boolean().optional().describe('This resource’s bookings wait for a decision'),
  ownHours: ApiHours.nullable().optional().describe('The resource’s own opening hours; null: the space’s'),
});

export const ApiSpace = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['coworking', 'room', 'garden', 'workshop', 'equipment']),
  description: z.string(),
  approvalRequired: z.boolean().describe('Bookings are requests ("pending") until a steward or staff decides'),
  houseRules: z.string().nullable().describe('When set, a booking must carry acceptRules: true'),
  houseRulesVersion: z.number().int().describe('Recorded with each booking that accepted the rules'),
  rules: ApiRules,
  resources: z.array(ApiResource),
});

export const ApiAvailability = z.object({
  days: z.array(
    z.object({
      date: localDate,
      holiday: z.string().nullable().describe('The public holiday of the day when the space closes for it'),
      slots: z.array(
        z.object({
          start: hhmm,
          end: hhmm,
          resources: z.array(z.object({ resourceId: z.string(), state: z.enum(['free', 'full', 'closed', 'past']), free: z.number().int().describe('Units free for a booking of the shortest length') })),
        }),
      ),
    }),
  ),
});

export const ApiBookingBody = z.object({
  resourceId: z.string(),
  date: localDate,
  start: hhmm,
  minutes: z.number().int().describe('Length in minutes, a whole number of slots'),
  purpose: z.enum(PURPOSES).optional().describe('Counted in reports; never required'),
  acceptRules: z.boolean().optional().describe('"I accept the house rules": required (true) when the space has house rules'),
});

export const ApiSeriesBody = ApiBookingBody.extend({
  weeks: z.number().int().describe('How many weeks (2–26), the same weekday and time'),
  onConflict: z.enum(['skip', 'cancel']).describe('skip: book the other dates; cancel: book nothing when a date cannot be booked'),
});

export const ApiCreated = z.object({ id: z.string(), status: z.enum(['pending', 'confirmed']), replayed: z.boolean().describe('true when the Idempotency-Key was seen before: nothing new was booked') });

export const ApiSeriesCreated = z.object({
  seriesId: z.string(),
  status: z.enum(['pending', 'confirmed']),
  bookings: z.array(z.object({ id: z.string(), date: localDate })),
  skipped: z.array(z.object({ date: localDate, reason: z.string() })).describe('The conflicting dates left out'),
  replayed: z.boolean(),
});

export const ApiMyBooking = z.object({
  id: z.string(),
  spaceId: z.string(),
  space: z.string(),
  resource: z.string(),
  start: instant,
  end: instant,
  status: z.string().describe('pending, confirmed, offered (a waiting-list offer to accept), cancelled, refused, no_show, expired'),
  purpose: z.string(),
  seriesId: z.string().nullable(),
  cancellable: z.boolean(),
  offerExpiresAt: instant.nullable(),
});

export const ApiMoveBody = z.object({ date: localDate, start: hhmm, minutes: z.number().int().optional().describe('Default: the same length'), resourceId: z.string().optional().describe('Default: the same resource'), acceptRules: z.boolean().optional().describe('Needed when the house rules changed since the booking accepted them') });

export const ApiBoard = z.object({
  date: localDate,
  resources: z.array(ApiResource),
  bookings: z.array(
    z.object({
      id: z.string(),
      resourceId: z.string(),
      unit: z.number().int(),
      household: z.object({ id: z.string(), name: z.string().nullable() }),
      start: instant,
      end: instant,
      status: z.string(),
      purpose: z.string(),
      assisted: z.boolean().describe('Booked by staff for the household'),
      checkedIn: z.boolean(),
      flagged: z.boolean().describe('Kept through a closure or a change of rules that would not allow it now'),
    }),
  ),
  closures: z.array(z.object({ resourceId: z.string().nullable(), start: instant, end: instant, reason: z.string() })),
  households: z.array(z.object({ id: z.string(), reference: z.string(), name: z.string() })).describe('The households living in the residence the space serves, to book for at the desk'),
});

export const ApiConflict = z.object({
  error: z.literal('conflict'),
  code: z.string(),
  message: z.string(),
  alternatives: z.array(z.object({ date: localDate, start: hhmm, resourceId: z.string(), resourceName: z.string() })),
});
