import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { CheckBox, ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { householdsOfResidence } from '../../directory/index.js';
import { moveBooking } from '../commands/move-booking.js';
import { formatTime, isLocalDate, parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { bookingChoices } from '../queries/availability.js';
import { withStaffSpace } from '../queries/staff-space.js';
import { bookingInput } from '../schemas.js';
import { durationLabel, whenLabel } from '../views/format.js';
import { issuesToErrors, pageForRefusal, refusalToErrors } from './respond.js';

type Values = { date: string; start: string; minutes: string; resourceId: string; acceptRules: string };
const moveFields = bookingInput.pick({ date: true, start: true, minutes: true, resourceId: true, acceptRules: true });
const ACTIVE = ['pending', 'confirmed'];

/** A booking of the space (still to come or under way) with the choices of the day asked for; another space's or an ended one: 404. */
async function loadMove(c: Context<AppEnv>, date: string | null) {
  const actor = c.get('actor');
  const id = c.req.param('bookingId') ?? '';
  if (!actor || !/^[0-9a-f-]{36}$/i.test(id)) throw new SpacesError(404, 'error.404.title');
  return withStaffSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', async (tx, space) => {
    const b = await tx
      .selectFrom('space_bookings')
      .select(['id', 'resource_id', 'household_id', 'status', (e) => e.fn<Date>('lower', ['during']).as('start'), (e) => e.fn<Date>('upper', ['during']).as('end')])
      .where('id', '=', id)
      .where('space_id', '=', space.id)
      .executeTakeFirst();
    if (!b || !ACTIVE.includes(b.status) || b.end.getTime() <= Date.now()) throw new SpacesError(404, 'error.404.title');
    const day = date && isLocalDate(date) ? date : parisParts(b.start).date;
    const household = (await householdsOfResidence(tx, space.residenceId)).find((h) => h.id === b.household_id);
    return { b, space, day, who: household?.name ?? null, choices: await bookingChoices(tx, space, day) };
  });
}

async function render(c: Context<AppEnv>, values: Values | null, errors: Record<string, string>, status: 200 | 409 | 422) {
  const t = c.get('t');
  const { b, space, day, who, choices } = await loadMove(c, values?.date || c.req.query('date') || null);
  const minutes = Math.round((b.end.getTime() - b.start.getTime()) / 60_000);
  const v: Values = values ?? { date: day, start: formatTime(parisParts(b.start).minutes), minutes: String(minutes), resourceId: b.resource_id, acceptRules: '' };
  const labels = { date: t('spaces.form.date'), start: t('spaces.form.start'), minutes: t('spaces.form.minutes'), resourceId: t('spaces.form.resource'), acceptRules: t('spaces.houseRules.title') };
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.staffMove.title')}>
      <h1>{t('spaces.staffMove.title')}</h1>
      <p>{t('spaces.staffMove.from', { who: who ?? t('spaces.board.otherHousehold'), space: space.name, when: whenLabel(b.start, b.end, c.get('locale')) })}</p>
      <p class="hint">{t('spaces.staffMove.intro')}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action={`/staff/spaces/${space.id}/bookings/${b.id}/move`} csrf={c.get('csrf')}>
        {choices.resources.length > 1 && <SelectField t={t} name="resourceId" label={labels.resourceId} value={v.resourceId} error={errors.resourceId} options={choices.resources.map((r) => ({ value: r.id, label: r.name }))} />}
        {choices.resources.length <= 1 && <input type="hidden" name="resourceId" value={v.resourceId} />}
        <Field t={t} name="date" type="date" label={labels.date} hint={t('spaces.move.dateHint')} value={v.date} error={errors.date} />
        <SelectField t={t} name="start" label={labels.start} value={v.start} error={errors.start} options={choices.starts.map((m) => ({ value: formatTime(m), label: formatTime(m) }))} />
        <SelectField t={t} name="minutes" label={labels.minutes} value={v.minutes} error={errors.minutes} options={choices.durations.map((m) => ({ value: String(m), label: durationLabel(t, m) }))} />
        {space.houseRules.trim() !== '' && <CheckBox name="acceptRules" label={t('spaces.houseRules.acceptCounter')} checked={v.acceptRules === 'on'} />}
        <button type="submit">{t('spaces.move.submit')}</button>
      </PostForm>
      <p>
        <a href={`/staff/spaces/${space.id}?date=${parisParts(b.start).date}`}>{t('spaces.staffMove.back', { space: space.name })}</a>
      </p>
    </Layout>,
  );
}

/** Moving a booking from the staff's day board, for its household (assisted): the same checks as a desk booking, in one step. */
export function registerStaffMovePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/staff/spaces/:id/bookings/:bookingId/move', 'spaces.board', async (c) => {
    try {
      return await render(c, null, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/bookings/:bookingId/move', 'spaces.board', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const form = await c.req.parseBody();
    const values: Values = { date: String(form.date ?? ''), start: String(form.start ?? ''), minutes: String(form.minutes ?? ''), resourceId: String(form.resourceId ?? ''), acceptRules: form.acceptRules === 'on' ? 'on' : '' };
    try {
      const parsed = moveFields.safeParse(values);
      if (!parsed.success) return await render(c, { ...values, date: isLocalDate(values.date) ? values.date : '' }, issuesToErrors(t, parsed.error.issues), 422);
      const spaceId = c.req.param('id') ?? '';
      await moveBooking(c.get('services').database.db, actor, c.req.param('bookingId') ?? '', parsed.data, new Date(), { mode: 'counter', spaceId });
      deliverSoon(c.get('services'));
      return c.redirect(`/staff/spaces/${spaceId}?date=${parsed.data.date}&done=move`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      // The booking may no longer be live (already moved or cancelled): its form cannot be shown again.
      return render(c, values, refusalToErrors(t, err), err.status === 409 ? 409 : 422).catch((again) => pageForRefusal(c, again) ?? c.notFound());
    }
  });
}
