import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { addClosureDays, removeClosure } from '../commands/closures.js';
import { createSpace, updateSpace } from '../commands/save-space.js';
import { closureDaysInput, hourFields, parseHours, spaceInput, WEEKDAYS } from '../config-schemas.js';
import { SpacesError } from '../errors.js';
import { newSpaceChoices, newSpaceDefaults, spaceSettings } from '../queries/space-settings.js';
import { ClosureDays, type ClosureDaysValues, emptyClosure } from '../views/closure-days.js';
import { MisfitList } from '../views/misfit-list.js';
import { ResourceTable } from '../views/resource-table.js';
import { SpaceForm } from '../views/space-form.js';
import { pageForRefusal } from './respond.js';

export const TEXT_FIELDS = ['kind', 'commonPlaceId', 'name', 'description', 'houseRules', 'slotMinutes', 'minMinutes', 'maxMinutes', 'horizonDays', 'noticeMinutes', 'cancelNoticeMinutes', 'weeklyQuotaHours', 'weeklyQuotaBookings', 'monthlyQuotaHours', 'monthlyQuotaBookings', 'bufferMinutes', 'checkinGraceMinutes', 'noShowLimit', 'offerMinutes', 'approvalRequired', 'publicCalendar', 'holidaysClosed', 'active'];

/** The form as sent, every value a string (to show again), and the parsed input or the field errors (catalogue keys). */
async function readSpaceForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const f of [...TEXT_FIELDS, ...WEEKDAYS.flatMap((d) => [...hourFields(d)])]) values[f] = String(form[f] ?? '');
  return { ...parseSpaceValues(values), cancelBookings: form.cancelBookings === 'on' };
}

/** The space form's values (strings, as a browser sends them) checked: the pages and the API share this. */
export function parseSpaceValues(values: Record<string, string>) {
  const parsed = spaceInput.safeParse(values);
  const { hours, bad } = parseHours(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message.includes('.') ? i.message : 'form.invalid';
  if (bad.length) errors.hours = 'spaces.config.error.hours';
  return { values, badDays: bad, errors, input: parsed.success && !bad.length ? { ...parsed.data, hours } : null };
}

/** The programme manager's pages: a new space, and a space's settings (details, rules, hours, resources). */
export function registerConfigPages(app: Hono<AppEnv>): void {
  const renderNew = async (c: Context<AppEnv>, values: Record<string, string>, errors: Record<string, string>, badDays: number[], status: 200 | 422) => {
    const t = c.get('t');
    const places = await newSpaceChoices(c.get('services').database.db, c.get('actor') as NonNullable<AppEnv['Variables']['actor']>);
    c.status(status);
    return c.html(
      <Layout c={c} title={t('spaces.config.newTitle')}>
        <h1>{t('spaces.config.newTitle')}</h1>
        <p>{t('spaces.config.newIntro')}</p>
        <SpaceForm t={t} csrf={c.get('csrf')} action="/staff/spaces/new" places={places} values={values} errors={errors} badDays={badDays} submitLabel={t('spaces.config.create')} editing={false} />
      </Layout>,
    );
  };

  route(app, 'GET', '/staff/spaces/new', 'spaces.configure', async (c) => {
    try {
      return await renderNew(c, newSpaceDefaults(), {}, [], 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/new', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { values, badDays, errors, input } = await readSpaceForm(c);
    try {
      if (!input) return await renderNew(c, values, errors, badDays, 422);
      const id = await createSpace(c.get('services').database.db, actor, input);
      return c.redirect(`/staff/spaces/${id}/settings?created=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return renderNew(c, values, { [err.field ?? 'name']: err.code }, badDays, 422);
    }
  });

  const renderSettings = async (c: Context<AppEnv>, state: { values?: Record<string, string>; errors?: Record<string, string>; badDays?: number[]; closure?: ClosureDaysValues; closureErrors?: Record<string, string>; closeAhead?: number }, status: 200 | 409 | 422) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const s = await spaceSettings(c.get('services').database.db, actor, c.req.param('id') ?? '');
    const q = c.req.query();
    const base = `/staff/spaces/${s.space.id}`;
    const notice = q.created
      ? t('spaces.config.created')
      : q.saved
        ? Number(q.cancelled) > 0
          ? t('spaces.config.savedClosed', { count: Number(q.cancelled) })
          : t('spaces.config.saved')
        : q.closed
          ? t('spaces.closures.added', { count: Number(q.affected) || 0 })
          : q.reopened
            ? t('spaces.closures.removed')
            : q.resource ? t(`spaces.config.resourceDone.${q.resource === 'retired' ? 'retired' : 'saved'}`, { count: Number(q.cancelled) || 0 }) : null;
    c.status(status);
    return c.html(
      <Layout c={c} title={t('spaces.config.title', { name: s.space.name })}>
        <h1>{t('spaces.config.title', { name: s.space.name })}</h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <p>
          <a href={base}>{t('spaces.config.toBoard')}</a>
        </p>
        <MisfitList t={t} locale={c.get('locale')} misfits={s.misfits} resources={s.resources} boardHref={base} />
        <h2>{t('spaces.config.resources')}</h2>
        <ResourceTable t={t} resources={s.resources} base={base} />
        <p>
          <a class="button" href={`${base}/resources/new`}>
            {t('spaces.config.addResource')}
          </a>
        </p>
        <p>
          <a href={`${base}/neighbours`}>{t('spaces.neighbours.link')}</a>
        </p>
        <ClosureDays t={t} locale={c.get('locale')} csrf={c.get('csrf')} base={base} closures={s.closures} resources={s.resources} values={state.closure ?? emptyClosure(new Date())} errors={state.closureErrors ?? {}} />
        <h2>{t('spaces.config.details')}</h2>
        <SpaceForm t={t} csrf={c.get('csrf')} action={`${base}/settings`} places={s.places} values={state.values ?? s.values} errors={state.errors ?? {}} badDays={state.badDays ?? []} submitLabel={t('spaces.config.save')} editing closeAhead={state.closeAhead} />
      </Layout>,
    );
  };

  route(app, 'GET', '/staff/spaces/:id/settings', 'spaces.configure', async (c) => {
    try {
      return await renderSettings(c, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/settings', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { values, badDays, errors, input, cancelBookings } = await readSpaceForm(c);
    try {
      if (!input) return await renderSettings(c, { values, errors, badDays }, 422);
      const r = await updateSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', input, new Date(), { cancelBookings });
      if (r.cancelled) deliverSoon(c.get('services'));
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?saved=1${r.cancelled ? `&cancelled=${r.cancelled}` : ''}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      if (!(err instanceof SpacesError)) throw e;
      // Switching the space off with bookings ahead: nothing saved; the form asks whether to cancel them.
      if (err.field === 'active' && err.status === 409) return renderSettings(c, { values, errors: { active: 'spaces.config.error.spaceHasBookingsShort' }, badDays, closeAhead: Number(err.values.count) || 0 }, 409);
      return renderSettings(c, { values, errors: { [err.field ?? 'name']: err.code }, badDays }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/settings/closures', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const form = await c.req.parseBody();
    const values: ClosureDaysValues = { resourceId: String(form.resourceId ?? ''), fromDate: String(form.fromDate ?? ''), toDate: String(form.toDate ?? ''), reason: String(form.reason ?? '') };
    const parsed = closureDaysInput.safeParse(values);
    try {
      if (!parsed.success) {
        const closureErrors: Record<string, string> = {};
        for (const i of parsed.error.issues) closureErrors[String(i.path[0])] ??= i.message.includes('.') ? i.message : 'form.invalid';
        return await renderSettings(c, { closure: values, closureErrors }, 422);
      }
      const r = await addClosureDays(c.get('services').database.db, actor, c.req.param('id') ?? '', parsed.data);
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?closed=1&affected=${r.affected}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      if (!(e instanceof SpacesError)) throw e;
      return renderSettings(c, { closure: values, closureErrors: { [e.field ?? 'reason']: e.code } }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/settings/closures/:cid/remove', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      await removeClosure(c.get('services').database.db, actor, c.req.param('id') ?? '', c.req.param('cid') ?? '');
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?reopened=1`, 303);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });
}
