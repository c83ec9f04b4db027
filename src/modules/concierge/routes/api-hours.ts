import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { addClosure, removeClosure, saveOfficeHours } from '../commands/office-hours.js';
import { FieldError } from '../errors.js';
import { type Desk, staffDesk, todayInParis } from '../queries/desk.js';
import { officeHours } from '../queries/offer.js';
import { closureRemoveSchema, closureSchema, officeHoursSchema, pathErrors } from '../schemas-hours.js';
import { refused } from './api-write.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;

const Hour = z.object({
  weekday: z.number().int().describe('1 = Monday … 7 = Sunday'),
  startsAt: z.string().describe('HH:MM, Paris time'),
  endsAt: z.string().describe('HH:MM, after startsAt'),
  place: z.string().describe('2–120 characters'),
});
const HoursBody = z.object({
  hours: z
    .array(z.object({ weekday: z.unknown().optional(), startsAt: z.unknown().optional(), endsAt: z.unknown().optional(), place: z.unknown().optional() }))
    .optional()
    .describe('Every weekly session (the whole week: what is not listed is removed; [] removes them all); at most 21, none overlapping another of its day; a place left out is the desk’s'),
});
const ClosureBody = z.object({
  from: z.string().optional().describe('YYYY-MM-DD, today or later'),
  to: z.string().optional().describe('YYYY-MM-DD, the last day closed (left out: one day); 62 days at most'),
  reason: z.string().optional().describe('Shown to residents, 2–200 characters'),
});
const RemoveBody = z.object({ date: z.string().optional().describe('YYYY-MM-DD, a day the desk is closed') });
const DeskHours = z.object({
  hours: z.array(Hour),
  closures: z.array(z.object({ date: z.string().describe('YYYY-MM-DD'), reason: z.string() })).describe('Closures from today on'),
});

async function current(c: Ctx, desk: Desk) {
  const data = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => officeHours(tx, desk.id));
  const today = todayInParis();
  return DeskHours.parse({
    hours: data.hours.map((h) => ({ weekday: h.weekday, startsAt: h.startsAt.slice(0, 5), endsAt: h.endsAt.slice(0, 5), place: h.place })),
    closures: data.closed.filter((d) => d.date >= today),
  });
}

const invalid = (c: Ctx, errors: Record<string, string>) => {
  const t = c.get('t');
  return apiError(c, 422, 'invalid_body', Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)])));
};

/** What a write needs once its body is read: the command to run, or the field errors (message keys) to answer. */
type Checked = { run: (actor: Actor) => Promise<unknown> } | { errors: Record<string, string> };

/** The body's parse, turned into the command to run or its field errors. */
function checked<T>(parsed: z.ZodSafeParseResult<T>, command: (data: T) => (actor: Actor) => Promise<unknown>): Checked {
  return parsed.success ? { run: command(parsed.data) } : { errors: pathErrors(parsed.error.issues) };
}

/** A write on the desk's hours: the staff member's desk, the body checked, the command run; answers the desk's hours as they now are. */
async function deskWrite(c: Ctx, status: 200 | 201, check: (desk: Desk) => Checked) {
  const actor = c.get('actor') as Actor;
  const desk = await staffDesk(db(c), actor);
  if (!desk) return apiError(c, 404, 'not_found');
  const write = check(desk);
  if ('errors' in write) return invalid(c, write.errors);
  try {
    await write.run(actor);
  } catch (e) {
    if (e instanceof FieldError) return invalid(c, { [e.field]: e.key });
    return refused(c, e);
  }
  return c.json(await current(c, desk), status);
}

/** /api/v1/concierge/desk: the desk's staff read and set its weekly office hours and closures, with the page's checks and commands. */
export function registerConciergeHoursApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/office-hours', permission: 'concierge.staff', tag: 'concierge', summary: 'The desk’s weekly office hours and its closures to come', response: DeskHours },
    async (c) => {
      const desk = await staffDesk(db(c), c.get('actor') as Actor);
      if (!desk) return apiError(c, 404, 'not_found');
      return c.json(await current(c, desk));
    },
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/office-hours', permission: 'concierge.staff', tag: 'concierge', summary: 'Replace the desk’s weekly office hours (audited); errors at hours.N.field', body: HoursBody, response: DeskHours },
    (c, { body }) =>
      deskWrite(c, 200, (desk) => {
        if (!body.hours) return { errors: { hours: 'concierge.error.hoursList' } };
        const hours = body.hours.map((h) => ({ ...h, place: h.place === undefined || h.place === '' ? desk.place : h.place }));
        return checked(officeHoursSchema.safeParse({ hours }), (data) => (actor) => saveOfficeHours(db(c), actor, data));
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/closures', permission: 'concierge.staff', tag: 'concierge', summary: 'Close the desk on a day or a run of days, with the reason residents see (audited); a day already closed is 422 at from/to', body: ClosureBody, response: DeskHours },
    (c, { body }) =>
      deskWrite(c, 201, () => checked(closureSchema.safeParse({ from: body.from ?? '', to: body.to, reason: body.reason ?? '' }), (data) => (actor) => addClosure(db(c), actor, data))),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/closures/remove', permission: 'concierge.staff', tag: 'concierge', summary: 'Open the desk again on a day it was closed (audited); a day not closed is 422 at date', body: RemoveBody, response: DeskHours },
    (c, { body }) => deskWrite(c, 200, () => checked(closureRemoveSchema.safeParse({ date: body.date ?? '' }), (data) => (actor) => removeClosure(db(c), actor, data.date))),
  );
}
