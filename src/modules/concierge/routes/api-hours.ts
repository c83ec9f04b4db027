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
    async (c, { body }) => {
      const actor = c.get('actor') as Actor;
      const desk = await staffDesk(db(c), actor);
      if (!desk) return apiError(c, 404, 'not_found');
      if (!body.hours) return invalid(c, { hours: 'concierge.error.hoursList' });
      const hours = body.hours.map((h) => ({ ...h, place: h.place === undefined || h.place === '' ? desk.place : h.place }));
      const parsed = officeHoursSchema.safeParse({ hours });
      if (!parsed.success) return invalid(c, pathErrors(parsed.error.issues));
      try {
        await saveOfficeHours(db(c), actor, parsed.data);
      } catch (e) {
        return refused(c, e);
      }
      return c.json(await current(c, desk));
    },
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/closures', permission: 'concierge.staff', tag: 'concierge', summary: 'Close the desk on a day or a run of days, with the reason residents see (audited); a day already closed is 422 at from/to', body: ClosureBody, response: DeskHours },
    async (c, { body }) => {
      const actor = c.get('actor') as Actor;
      const desk = await staffDesk(db(c), actor);
      if (!desk) return apiError(c, 404, 'not_found');
      const parsed = closureSchema.safeParse({ from: body.from ?? '', to: body.to, reason: body.reason ?? '' });
      if (!parsed.success) return invalid(c, pathErrors(parsed.error.issues));
      try {
        await addClosure(db(c), actor, parsed.data);
      } catch (e) {
        if (e instanceof FieldError) return invalid(c, { [e.field]: e.key });
        return refused(c, e);
      }
      return c.json(await current(c, desk), 201);
    },
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/closures/remove', permission: 'concierge.staff', tag: 'concierge', summary: 'Open the desk again on a day it was closed (audited); a day not closed is 422 at date', body: RemoveBody, response: DeskHours },
    async (c, { body }) => {
      const actor = c.get('actor') as Actor;
      const desk = await staffDesk(db(c), actor);
      if (!desk) return apiError(c, 404, 'not_found');
      const parsed = closureRemoveSchema.safeParse({ date: body.date ?? '' });
      if (!parsed.success) return invalid(c, pathErrors(parsed.error.issues));
      try {
        await removeClosure(db(c), actor, parsed.data.date);
      } catch (e) {
        if (e instanceof FieldError) return invalid(c, { [e.field]: e.key });
        return refused(c, e);
      }
      return c.json(await current(c, desk));
    },
  );
}
