import type { Tx } from '../../../platform/db/tenant.js';
import { type ActivityHold, activityHolds, activityOver } from '../db/activity-holds-db.js';
import { type HeldBooking, heldBookings, listClosures, listHours, listResources, type Resource, type Space } from '../db/spaces-db.js';
import { holidayOn } from '../../../platform/calendar/holidays.js';
import { addDays, formatTime, type LocalDate, parisInstant } from '../domain/paris-time.js';
import { hoursOf, rulesOf } from '../domain/resource-rules.js';
import { type Closure, checkRequest, daySlots, type OpeningInterval } from '../domain/rules.js';
import type { Suggestion } from '../errors.js';

/** What a space's availability depends on over some days, read once. */
export type SpaceCalendar = { resources: Resource[]; hours: OpeningInterval[]; closures: Closure[]; held: HeldBooking[]; activities: ActivityHold[] };

export async function loadCalendar(tx: Tx, space: Space, from: LocalDate, days: number): Promise<SpaceCalendar> {
  const start = parisInstant(from, 0);
  // A day more on each side: buffers and bookings of the evening before reach into the window.
  const lo = new Date(start.getTime() - 86_400_000);
  const hi = parisInstant(addDays(from, days + 1), 0);
  const [resources, hours, closures, held, activities] = await Promise.all([
    listResources(tx, space.id),
    listHours(tx, space.id),
    listClosures(tx, space.id, lo, hi),
    heldBookings(tx, space.id, lo, hi),
    activityHolds(tx, space.id, lo, hi),
  ]);
  return { resources, hours, closures, held, activities };
}

export type CellState = 'free' | 'full' | 'closed' | 'past' | 'activity';
/** `activity`: the title of the community activity holding the resource, given to staff only. */
export type Cell = { resourceId: string; state: CellState; free: number; activity?: string };

/** Whether a resource can take a booking of `minutes` from a start, and how many of its units are free then. */
export function cellFor(space: Space, cal: SpaceCalendar, resource: Resource, date: LocalDate, startMinutes: number, minutes: number, now: Date, staff: boolean): Cell {
  const rules = rulesOf(space, resource);
  const problem = checkRequest(rules, hoursOf(cal.hours, resource), cal.closures, { date, startMinutes, minutes, resourceId: resource.id }, now, { staff });
  if (problem) return { resourceId: resource.id, state: problem.code === 'spaces.error.past' || problem.code === 'spaces.error.notice' ? 'past' : 'closed', free: 0 };
  const start = parisInstant(date, startMinutes);
  const heldEnd = new Date(parisInstant(date, startMinutes + minutes).getTime() + rules.bufferMinutes * 60_000);
  const activity = activityOver(cal.activities, resource.id, start, heldEnd);
  if (activity) return { resourceId: resource.id, state: 'activity', free: 0, ...(staff ? { activity: activity.title } : {}) };
  const overlapping = cal.held.filter((h) => h.resourceId === resource.id && h.heldStart < heldEnd && start < h.heldEnd);
  const taken = new Set(overlapping.map((h) => h.unit)).size;
  const free = Math.max(0, resource.units - taken);
  return { resourceId: resource.id, state: free > 0 ? 'free' : 'full', free };
}

/** The shortest booking the rules allow (of a resource, when given), in whole slots. */
export function defaultMinutes(space: Space, resource?: Resource): number {
  const rules = rulesOf(space, resource);
  const slot = rules.slotMinutes;
  return Math.ceil(Math.max(slot, rules.minMinutes) / slot) * slot;
}

/**
 * The slot starts of a day over every resource (each cut by its own hours and slot length), sorted.
 * With one rule for all, these are simply the space's slots.
 */
function slotStarts(space: Space, hours: OpeningInterval[], resources: Resource[], date: LocalDate): { startMinutes: number; slotMinutes: number }[] {
  const byStart = new Map<number, number>();
  const sources = resources.length ? resources : [undefined];
  for (const r of sources) {
    const rules = rulesOf(space, r);
    for (const s of daySlots(rules, hoursOf(hours, r), date)) if (!byStart.has(s.startMinutes) || (byStart.get(s.startMinutes) as number) > rules.slotMinutes) byStart.set(s.startMinutes, rules.slotMinutes);
  }
  return [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([startMinutes, slotMinutes]) => ({ startMinutes, slotMinutes }));
}

export type DayAvailability = { date: LocalDate; holiday: string | null; resources: Resource[]; rows: { start: string; end: string; startMinutes: number; cells: Cell[] }[] };

/** The grid of a day: one row per slot, one cell per resource. */
export async function dayAvailability(tx: Tx, space: Space, date: LocalDate, now: Date, staff: boolean): Promise<DayAvailability> {
  const cal = await loadCalendar(tx, space, date, 1);
  // Each cell is asked with its resource's own shortest booking; a start that is not one of its slots shows closed.
  const rows = slotStarts(space, cal.hours, cal.resources, date).map((s) => ({
    start: formatTime(s.startMinutes),
    end: formatTime(s.startMinutes + s.slotMinutes),
    startMinutes: s.startMinutes,
    cells: cal.resources.map((r) => cellFor(space, cal, r, date, s.startMinutes, defaultMinutes(space, r), now, staff)),
  }));
  const holidaysClosed = cal.resources.length ? cal.resources.some((r) => rulesOf(space, r).holidaysClosed) : space.rules.holidaysClosed;
  return { date, holiday: holidaysClosed ? holidayOn(date) : null, resources: cal.resources, rows };
}

/**
 * The next slots, from a day on, where a booking of `minutes` would be accepted now — offered when
 * the one asked for is taken. Looks two weeks ahead at most.
 */
export function nextFreeSlots(space: Space, cal: SpaceCalendar, from: LocalDate, minutes: number, now: Date, staff: boolean, limit: number, only?: { resourceId?: string; notBefore?: Date }): Suggestion[] {
  const out: Suggestion[] = [];
  for (let d = 0; d < 14 && out.length < limit; d++) {
    const date = addDays(from, d);
    for (const s of slotStarts(space, cal.hours, cal.resources, date)) {
      if (only?.notBefore && parisInstant(date, s.startMinutes) < only.notBefore) continue;
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
  const starts = slotStarts(space, hours, resources, date).map((s) => s.startMinutes);
  const all = new Set<number>();
  for (const r of resources.length ? resources : [undefined]) {
    const rules = rulesOf(space, r);
    for (let m = defaultMinutes(space, r); m <= rules.maxMinutes; m += rules.slotMinutes) all.add(m);
  }
  return { resources, starts, durations: [...all].sort((a, b) => a - b) };
}
