import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { removeClosure } from '../commands/closures.js';
import { removeResource } from '../commands/remove-resource.js';
import { addResource, updateResource } from '../commands/save-resource.js';
import { updateSpace } from '../commands/save-space.js';
import { hourFields, RESOURCE_RULE_FIELDS, WEEKDAYS } from '../config-schemas.js';
import { allResources } from '../db/config-db.js';
import { resourceHours } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { spaceSettings } from '../queries/space-settings.js';
import { answer, db, param } from './api.js';
import { parseSpaceValues } from './config-pages.js';
import { FIELDS as RESOURCE_FORM_FIELDS, parseResourceValues, storedValues } from './resource-pages.js';

// Writing a space's configuration through the API: the body is laid over the stored values and checked
// by the very parsers of the settings and resource pages, so the API accepts exactly what the pages do.

const hhmm = z.string().describe('HH:MM, Paris');
const ApiHoursIn = z.array(z.object({ weekday: z.number().int().describe('1 = Monday … 7 = Sunday'), opens: hhmm, closes: hhmm })).describe('Replaces all the opening hours: at most two intervals a weekday; a weekday absent is closed');
const count = z.number().int();
const optional = count.nullable().optional();

const ApiSpaceRulesIn = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  houseRules: z.string().optional(),
  slotMinutes: count.optional(),
  minMinutes: count.optional(),
  maxMinutes: count.optional(),
  horizonDays: count.optional(),
  noticeMinutes: count.optional(),
  cancelNoticeMinutes: count.optional(),
  weeklyQuotaHours: optional.describe('null: no quota'),
  weeklyQuotaBookings: optional.describe('null: no quota'),
  monthlyQuotaHours: optional.describe('null: no quota'),
  monthlyQuotaBookings: optional.describe('null: no quota'),
  bufferMinutes: count.optional(),
  checkinGraceMinutes: optional.describe('null: bookings are never released'),
  noShowLimit: optional.describe('null: no limit'),
  offerMinutes: count.optional(),
  approvalRequired: z.boolean().optional(),
  publicCalendar: z.boolean().optional(),
  holidaysClosed: z.boolean().optional(),
  hours: ApiHoursIn.optional(),
  active: z.boolean().optional().describe('Open for bookings. false with bookings ahead: 409 unless cancelBookings is true'),
  cancelBookings: z.boolean().optional().describe('With active: false, cancel the bookings ahead and tell each household'),
});

const ApiResourceIn = z.object({
  kind: z.enum(['seats', 'room', 'item']).optional(),
  name: z.string().optional(),
  units: count.optional(),
  peopleCapacity: optional,
  slotMinutes: optional.describe('null: as the space'),
  minMinutes: optional,
  maxMinutes: optional,
  horizonDays: optional,
  noticeMinutes: optional,
  cancelNoticeMinutes: optional,
  weeklyQuotaHours: optional,
  weeklyQuotaBookings: optional,
  monthlyQuotaHours: optional,
  monthlyQuotaBookings: optional,
  bufferMinutes: optional,
  holidaysClosed: z.boolean().nullable().optional().describe('null: as the space'),
  approvalRequired: z.boolean().nullable().optional().describe('null: as the space'),
  ownHours: ApiHoursIn.nullable().optional().describe('The resource’s own opening hours; null: the space’s'),
  active: z.boolean().optional().describe('true puts a retired resource back (retiring is …/retire)'),
});

const asText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'on' : '') : String(v));

/** Writes opening hours into the form's hour fields; a weekday with more than two intervals cannot be written (null). */
function hoursToFields(hours: { weekday: number; opens: string; closes: string }[], into: Record<string, string>): boolean {
  for (const d of WEEKDAYS) for (const f of hourFields(d)) into[f] = '';
  for (const d of WEEKDAYS) {
    const day = hours.filter((h) => h.weekday === d).sort((a, b) => a.opens.localeCompare(b.opens));
    if (day.length > 2) return false;
    const f = hourFields(d);
    day.forEach((h, i) => {
      into[f[i * 2]] = h.opens;
      into[f[i * 2 + 1]] = h.closes;
    });
  }
  return hours.every((h) => Number.isInteger(h.weekday) && h.weekday >= 1 && h.weekday <= 7);
}

/** Field errors (catalogue keys) in the caller's language, as a 422. */
function invalid(c: Context<AppEnv>, errors: Record<string, string>): Response {
  const t = c.get('t');
  return apiError(c, 422, 'invalid_body', Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)])));
}

/** The manager's configuration writes: a space's rules and hours, its resources (add, change, retire), lifting a closure. */
export function registerSpacesApiConfig(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/rules',
      permission: 'spaces.configure',
      tag: 'spaces',
      summary: 'Change a space’s description, rules, attendance settings or opening hours',
      description:
        'Fields left out keep their value. Switching the space off (active: false) with bookings ahead is refused (409, with how many) unless cancelBookings is true. Checked exactly as the settings page (422 with field messages in the caller’s language). Bookings already made are kept: the answer counts those that no longer fit the new rules (flagged on the board). Audited.',
      body: ApiSpaceRulesIn,
      response: z.object({ misfits: z.number().int().describe('Kept bookings ahead that the new rules would not allow'), cancelled: z.number().int().describe('Bookings cancelled because the space was switched off') }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const { values } = await spaceSettings(db(c), actor, param(c, 'id'));
        for (const [k, v] of Object.entries(body)) if (k !== 'hours' && k !== 'cancelBookings') values[k] = asText(v);
        if (body.hours && !hoursToFields(body.hours, values)) return invalid(c, { hours: 'spaces.config.error.hours' });
        const { errors, input } = parseSpaceValues(values);
        if (!input) return invalid(c, errors);
        const r = await updateSpace(db(c), actor, param(c, 'id'), input, new Date(), { cancelBookings: body.cancelBookings === true });
        if (r.cancelled) deliverSoon(c.get('services'));
        return c.json({ misfits: r.misfits, cancelled: r.cancelled });
      }),
  );

  const resourceValues = (body: z.infer<typeof ApiResourceIn>, values: Record<string, string>): boolean => {
    for (const f of ['kind', 'name', 'units', 'peopleCapacity', ...RESOURCE_RULE_FIELDS] as const) if (f in body) values[f] = asText(body[f]);
    for (const f of ['holidaysClosed', 'approvalRequired'] as const) if (f in body) values[f] = body[f] === true ? 'yes' : body[f] === false ? 'no' : '';
    if ('active' in body) values.active = asText(body.active);
    if (body.ownHours === null) values.ownHours = '';
    if (body.ownHours) {
      values.ownHours = 'on';
      return hoursToFields(body.ownHours, values);
    }
    return true;
  };

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/resources',
      permission: 'spaces.configure',
      tag: 'spaces',
      summary: 'Add a resource to a space',
      description: 'N identical seats, a whole room (units 1, with a capacity of people) or an item; optionally rules and opening hours of its own. Checked as the resource form (422 with field messages). Audited.',
      body: ApiResourceIn.extend({ kind: z.enum(['seats', 'room', 'item']), name: z.string() }),
      response: z.object({ id: z.string() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        // A new resource starts from the empty form: every field as a browser would send it.
        const values: Record<string, string> = { ...Object.fromEntries(RESOURCE_FORM_FIELDS.map((f) => [f, ''])), units: '1' };
        if (!resourceValues(body, values)) return invalid(c, { hours: 'spaces.config.error.hours' });
        const { errors, input } = parseResourceValues(values);
        if (!input) return invalid(c, errors);
        const id = await addResource(db(c), actor, param(c, 'id'), input);
        return c.json({ id }, 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/resources/:resourceId',
      permission: 'spaces.configure',
      tag: 'spaces',
      summary: 'Change a resource (its rules, hours, size; put a retired one back)',
      description: 'Fields left out keep their value; a rule set to null follows the space again. Kept bookings are never removed: the answer counts those that no longer fit. Checked as the resource form. Audited.',
      body: ApiResourceIn,
      response: z.object({ misfits: z.number().int() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const rid = param(c, 'resourceId');
        if (!/^[0-9a-f-]{36}$/i.test(rid)) throw new SpacesError(404, 'error.404.title');
        const values = await withSpaceFor(db(c), actor, PERMISSIONS.configure, param(c, 'id'), async (tx, space) => {
          const resource = (await allResources(tx, space.id)).find((r) => r.id === rid);
          if (!resource) throw new SpacesError(404, 'error.404.title');
          return storedValues(resource, await resourceHours(tx, space.id, resource.id));
        });
        if (!resourceValues(body, values)) return invalid(c, { hours: 'spaces.config.error.hours' });
        const { errors, input, active } = parseResourceValues(values);
        if (!input) return invalid(c, errors);
        const r = await updateResource(db(c), actor, param(c, 'id'), rid, { ...input, active });
        return c.json({ misfits: r.misfits });
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/resources/:resourceId/retire',
      permission: 'spaces.configure',
      tag: 'spaces',
      summary: 'Retire a resource',
      description: 'With bookings ahead it is refused (409, with how many) unless cancelBookings is true: then they are cancelled and each household told, in the same transaction. Past bookings stay for reports. Audited.',
      body: z.object({ cancelBookings: z.boolean().optional() }),
      response: z.object({ status: z.literal('retired'), cancelled: z.number().int() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const r = await removeResource(db(c), actor, param(c, 'id'), param(c, 'resourceId'), { cancelBookings: body.cancelBookings === true });
        if (r.cancelled) deliverSoon(c.get('services'));
        return c.json({ status: 'retired' as const, cancelled: r.cancelled });
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/spaces/:id/closures/:closureId/remove', permission: 'spaces.configure', tag: 'spaces', summary: 'Lift an exceptional closure', description: 'The days can be booked again. Audited.', response: z.object({ status: z.literal('removed') }) },
    (c) =>
      answer(c, async (actor) => {
        await removeClosure(db(c), actor, param(c, 'id'), param(c, 'closureId'));
        return c.json({ status: 'removed' as const });
      }),
  );
}
