import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { removeResource } from '../commands/remove-resource.js';
import { addResource, updateResource } from '../commands/save-resource.js';
import { hourFields, parseHours, RESOURCE_RULE_FIELDS, resourceInput, WEEKDAYS } from '../config-schemas.js';
import { allResources, type ConfigResource, futureHeld } from '../db/config-db.js';
import { resourceHours } from '../db/spaces-db.js';
import { formatTime } from '../domain/paris-time.js';
import type { OpeningInterval } from '../domain/rules.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { ResourceForm, type ResourceFormValues, RetireForm } from '../views/resource-form.js';
import { pageForRefusal } from './respond.js';

type State = { values?: ResourceFormValues; errors?: Record<string, string>; badDays?: number[]; retireError?: string };

export const FIELDS = ['kind', 'name', 'units', 'peopleCapacity', 'active', ...RESOURCE_RULE_FIELDS, 'holidaysClosed', 'approvalRequired', 'ownHours', ...WEEKDAYS.flatMap((d) => [...hourFields(d)])];

async function readForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody();
  const values: ResourceFormValues = {};
  for (const f of FIELDS) values[f] = String(form[f] ?? '');
  return parseResourceValues(values);
}

/** The resource form's values (strings) checked: the pages and the API share this. */
export function parseResourceValues(values: ResourceFormValues) {
  const parsed = resourceInput.safeParse(values);
  const { hours, bad } = parseHours(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message.includes('.') ? i.message : 'form.invalid';
  if (bad.length && values.ownHours === 'on') errors.hours = 'spaces.config.error.hours';
  const badDays = values.ownHours === 'on' ? bad : [];
  return { values, errors, badDays, input: parsed.success && !errors.hours ? { ...parsed.data, hours } : null, active: values.active === 'on' };
}

/** A stored resource as its form shows it: empty fields where it follows the space. */
export function storedValues(r: ConfigResource, hours: OpeningInterval[]): ResourceFormValues {
  const o = r.overrides;
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
  const yn = (x: boolean | null | undefined) => (x === null || x === undefined ? '' : x ? 'yes' : 'no');
  const v: ResourceFormValues = {
    kind: r.kind,
    name: r.name,
    units: String(r.units),
    peopleCapacity: n(r.peopleCapacity),
    active: '',
    slotMinutes: n(o.slotMinutes),
    minMinutes: n(o.minMinutes),
    maxMinutes: n(o.maxMinutes),
    horizonDays: n(o.horizonDays),
    noticeMinutes: n(o.noticeMinutes),
    cancelNoticeMinutes: n(o.cancelNoticeMinutes),
    weeklyQuotaHours: o.weeklyQuotaMinutes ? String(Math.ceil(o.weeklyQuotaMinutes / 60)) : '',
    weeklyQuotaBookings: n(o.weeklyQuotaBookings),
    monthlyQuotaHours: o.monthlyQuotaMinutes ? String(Math.ceil(o.monthlyQuotaMinutes / 60)) : '',
    monthlyQuotaBookings: n(o.monthlyQuotaBookings),
    bufferMinutes: n(o.bufferMinutes),
    holidaysClosed: yn(o.holidaysClosed),
    approvalRequired: yn(o.approvalRequired),
    ownHours: r.ownHours ? 'on' : '',
  };
  for (const d of WEEKDAYS) {
    const f = hourFields(d);
    hours
      .filter((h) => h.weekday === d)
      .slice(0, 2)
      .forEach((h, i) => {
        v[f[i * 2]] = formatTime(h.opens);
        v[f[i * 2 + 1]] = formatTime(h.closes);
      });
  }
  return v;
}

/** Adding, changing and retiring a space's resources (programme manager). */
export function registerResourcePages(app: Hono<AppEnv>): void {
  const render = async (c: Context<AppEnv>, resourceId: string | null, state: State, status: 200 | 409 | 422) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { space, resource, ahead, hours } = await withSpaceFor(c.get('services').database.db, actor, PERMISSIONS.configure, c.req.param('id') ?? '', async (tx, space) => {
      const resource = resourceId ? (await allResources(tx, space.id)).find((r) => r.id === resourceId) : undefined;
      if (resourceId && !resource) throw new SpacesError(404, 'error.404.title');
      return { space, resource, ahead: resource ? (await futureHeld(tx, space.id, new Date(), resource.id)).length : 0, hours: resource ? await resourceHours(tx, space.id, resource.id) : [] };
    });
    const base = `/staff/spaces/${space.id}`;
    const title = resource ? t('spaces.config.resource.editTitle', { name: resource.name }) : t('spaces.config.resource.newTitle', { space: space.name });
    const values = state.values ?? (resource ? storedValues(resource, hours) : { kind: space.kind === 'coworking' ? 'seats' : space.kind === 'room' ? 'room' : 'item', name: '', units: '1', peopleCapacity: '' });
    c.status(status);
    return c.html(
      <Layout c={c} title={title}>
        <h1>{title}</h1>
        <p>
          <a href={`${base}/settings`}>{t('spaces.config.backToSettings', { name: space.name })}</a>
        </p>
        <ResourceForm
          t={t}
          csrf={c.get('csrf')}
          action={resource ? `${base}/resources/${resource.id}` : `${base}/resources`}
          values={values}
          errors={state.errors ?? {}}
          submitLabel={t(resource ? 'spaces.config.save' : 'spaces.config.addResource')}
          retired={resource ? !resource.active : false}
          spaceRules={space.rules}
          spaceApproval={space.approvalRequired}
          badDays={state.badDays ?? []}
        />
        {resource?.active && (
          <>
            <h2>{t('spaces.config.retire.title')}</h2>
            <RetireForm t={t} csrf={c.get('csrf')} action={`${base}/resources/${resource.id}/remove`} ahead={ahead} error={state.retireError} />
          </>
        )}
      </Layout>,
    );
  };
  const refusal = (c: Context<AppEnv>, e: unknown) => pageForRefusal(c, e);

  route(app, 'GET', '/staff/spaces/:id/resources/new', 'spaces.configure', async (c) => {
    try {
      return await render(c, null, {}, 200);
    } catch (e) {
      return refusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'GET', '/staff/spaces/:id/resources/:rid', 'spaces.configure', async (c) => {
    try {
      return await render(c, c.req.param('rid') ?? '', {}, 200);
    } catch (e) {
      return refusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/resources', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { values, errors, badDays, input } = await readForm(c);
    try {
      if (!input) return await render(c, null, { values, errors, badDays }, 422);
      await addResource(c.get('services').database.db, actor, c.req.param('id') ?? '', input);
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?resource=saved`, 303);
    } catch (e) {
      const page = refusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, null, { values, errors: { [err.field ?? 'name']: err.code }, badDays }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/resources/:rid', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const rid = c.req.param('rid') ?? '';
    const { values, errors, badDays, input, active } = await readForm(c);
    try {
      if (!input) return await render(c, rid, { values, errors, badDays }, 422);
      await updateResource(c.get('services').database.db, actor, c.req.param('id') ?? '', rid, { ...input, active });
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?resource=saved`, 303);
    } catch (e) {
      const page = refusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, rid, { values, errors: { [err.field ?? 'name']: err.code }, badDays }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/resources/:rid/remove', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const rid = c.req.param('rid') ?? '';
    const form = await c.req.parseBody();
    try {
      const r = await removeResource(c.get('services').database.db, actor, c.req.param('id') ?? '', rid, { cancelBookings: form.cancelBookings === 'on' });
      if (r.cancelled) deliverSoon(c.get('services'));
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?resource=retired&cancelled=${r.cancelled}`, 303);
    } catch (e) {
      const page = refusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, rid, { retireError: c.get('t')(err.code, err.values) }, 409);
    }
  });
}
