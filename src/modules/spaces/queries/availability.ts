import type { Tx } from '../../../platform/db/tenant.js';
import { type HeldBooking, heldBookings, listClosures, listHours, listResources, type Resource, type Space } from '../db/spaces-db.js';
import { holidayOn } from '../domain/holidays.js';
import { addDays, formatTime, type LocalDate, parisInstant } from '../domain/paris-time.js';
import { type Closure, checkRequest, daySlots, type OpeningInterval } from '../domain/rules.js';
import type { Suggestion } from '../errors.js';

/** What a space's availability depends on over some days, read once. */
export type SpaceCalendar = { resources: Resource[]; hours: OpeningInterval[]; closures: Closure[]; held: HeldBooking[] };

export async function loadCalendar(tx: Tx, space: Space, from: LocalDate, days: number): Promise<SpaceCalendar> {
  const start = parisInstant(from, 0);
  // A day more on each side: buffers and bookings of the evening before reach into the window.
  const lo = new Date(start.getTime() - 86_400_000);
  const hi = parisInstant(addDays(from, days + 1), 0);
  const [resources, hours, closures, held] = await Promise.all([listResources(tx, space.id), listHours(tx, space.id), listClosures(tx, space.id, lo, hi), heldBookings(tx, space.id, lo, hi)]);
  return { resources, hours, closures, held };
}

export type CellState = 'free' | 'full' | 'closed' | 'past';
export type Cell = { resourceId: string; state: CellState; free: number };

/** Whether a resource can take a booking of `minutes` from a start, and how many of its units are free then. */
export function cellFor(space: Space, cal: SpaceCalendar, resource: Resource, date: LocalDate, startMinutes: number, minutes: number, now: Date, staff: boolean): Cell {
  const problem = checkRequest(space.rules, cal.hours, cal.closures, { date, startMinutes, minutes, resourceId: resource.id }, now, { staff });
  if (problem) return { resourceId: resource.id, state: problem.code === 'spaces.error.past' || problem.code === 'spaces.error.notice' ? 'past' : 'closed', free: 0 };
  const start = parisInstant(date, startMinutes);
  const heldEnd = new Date(parisInstant(date, startMinutes + minutes).getTime() + space.rules.bufferMinutes * 60_000);
  const overlapping = cal.held.filter((h) => h.resourceId === resource.id && h.heldStart < heldEnd && start < h.heldEnd);
  const taken = new Set(overlapping.map((h) => h.unit)).size;
  const free = Math.max(0, resource.units - taken);
  return { resourceId: resource.id, state: free > 0 ? 'free' : 'full', free };
}

/** The shortest booking the rules allow, in whole slots. */
export function defaultMinutes(space: Space): number {
  const slot = space.rules.slotMinutes;
  return Math.ceil(Math.max(slot, space.rules.minMinutes) / slot) * slot;
}

export type DayAvailability = { date: LocalDate; holiday: string | null; resources: Resource[]; rows: { start: string; end: string; startMinutes: number; cells: Cell[] }[] };

/** The grid of a day: one row per slot, one cell per resource. */
export async function dayAvailability(tx: Tx, space: Space, date: LocalDate, now: Date, staff: boolean): Promise<DayAvailability> {
  const cal = await loadCalendar(tx, space, date, 1);
  const minutes = defaultMinutes(space);
  const rows = daySlots(space.rules, cal.hours, date).map((s) => ({
    start: formatTime(s.startMinutes),
    end: formatTime(s.startMinutes + space.rules.slotMinutes),
    startMinutes: s.startMinutes,
    cells: cal.resources.map((r) => cellFor(space, cal, r, date, s.startMinutes, minutes, now, staff)),
  }));
  return { date, holiday: space.rules.holidaysClosed ? holidayOn(date) : null, resources: cal.resources, rows };
}

/**
 * The next slots, from a day on, where a booking of `minutes` would be accepted now — offered when
 * the one asked for is taken. Looks two weeks ahead at most.
 */
export function nextFreeSlots(space: Space, cal: SpaceCalendar, from: LocalDate, minutes: number, now: Date, staff: boolean, limit: number, only?: { resourceId?: string; notBefore?: Date }): Suggestion[] {
  const out: Suggestion[] = [];
  for (let d = 0; d < 14 && out.length < limit; d++) {
    const date = addDays(from, d);
    for (const s of daySlots(space.rules, cal.hours, date)) {
      if (only?.notBefore && s.start < only.notBefore) continue;
      for (const r of cal.resources) {
        if (only?.resourceId && r.id !== only.resourceId) continue;
        if (cellFor(space, cal, r, date, s.startMinutes, minutes, now, staff).state !== 'free') continue;
        out.push({ date, start: formatTime(s.startMinutes), resourceId: r.id, resourceName: r.name });
        break;
      }
      if (out.length >= limit) break;
    }
  }
  return out;
}


/** The choices a booking form offers for a day: resources, slot starts, allowed durations. */
export async function bookingChoices(tx: Tx, space: Space, date: LocalDate): Promise<{ resources: Resource[]; starts: number[]; durations: number[] }> {
  const [resources, hours] = await Promise.all([listResources(tx, space.id), listHours(tx, space.id)]);
  const starts = daySlots(space.rules, hours, date).map((s) => s.startMinutes);
  const durations: number[] = [];
  for (let m = defaultMinutes(space); m <= space.rules.maxMinutes; m += space.rules.slotMinutes) durations.push(m);
  return { resources, starts, durations };
}
