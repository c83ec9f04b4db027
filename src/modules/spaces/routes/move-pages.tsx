import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { moveBooking } from '../commands/move-booking.js';
import { findSpace, type Space } from '../db/spaces-db.js';
import { formatTime, isLocalDate, parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { bookingChoices } from '../queries/availability.js';
import { householdOf } from '../queries/resident-spaces.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { bookingInput } from '../schemas.js';
import { durationLabel, whenLabel } from '../views/format.js';
import { issuesToErrors, pageForRefusal, refusalToErrors } from './respond.js';

export type MoveValues = { date: string; start: string; minutes: string; acceptRules: string };
type Values = MoveValues;
export const moveFields = bookingInput.pick({ date: true, start: true, minutes: true, acceptRules: true });

type Loaded = { b: { id: string; house_rules_version: number | null; start: Date; end: Date }; space: Space; day: string; choices: Awaited<ReturnType<typeof bookingChoices>> };
/** Where the move form finds the booking and posts to: the landlord's own residents', or a neighbour's (neighbour-pages.tsx). */
export type MoveTarget = { load: (c: Context<AppEnv>, id: string, date: string | null) => Promise<Loaded>; action: (id: string) => string; backHref: string; backLabel: string };

/** The household's booking with its space and the choices of the day asked for; another household's: 404. */
async function loadMove(c: Context<AppEnv>, id: string, date: string | null): Promise<Loaded> {
  const actor = c.get('actor');
  const household = actor && householdOf(actor);
  if (!actor?.orgId || !household || !/^[0-9a-f-]{36}$/i.test(id)) throw new SpacesError(404, 'error.404.title');
  return withTenant(c.get('services').database.db, { orgId: actor.orgId }, async (tx) => {
    const b = await tx
      .selectFrom('space_bookings')
      .select(['id', 'space_id', 'house_rules_version', (e) => e.fn<Date>('lower', ['during']).as('start'), (e) => e.fn<Date>('upper', ['during']).as('end')])
      .where('id', '=', id)
      .where('household_id', '=', household)
      .where('status', 'in', ['pending', 'confirmed'])
      .executeTakeFirst();
    const space = b && (await findSpace(tx, b.space_id));
    if (!b || !space) throw new SpacesError(404, 'error.404.title');
    const day = date && isLocalDate(date) ? date : parisParts(b.start).date;
    return { b, space, day, choices: await bookingChoices(tx, space, day) };
  });
}

const OWN: MoveTarget = { load: loadMove, action: (id) => `/spaces/bookings/${id}/move`, backHref: '/spaces/bookings', backLabel: 'spaces.mine.title' };

/** The move form: the booking, the day's starts and lengths, the house rules when a newer text must be accepted. */
export async function renderMoveForm(c: Context<AppEnv>, id: string, values: Values | null, errors: Record<string, string>, status: 200 | 409 | 422, target: MoveTarget = OWN) {
  const t = c.get('t');
  const { b, space, day, choices } = await target.load(c, id, values?.date ?? c.req.query('date') ?? null);
  const minutes = Math.round((b.end.getTime() - b.start.getTime()) / 60_000);
  const v: Values = values ?? { date: day, start: formatTime(parisParts(b.start).minutes), minutes: String(minutes), acceptRules: '' };
  const askRules = space.houseRules.trim() !== '' && b.house_rules_version !== space.houseRulesVersion;
  const labels = { date: t('spaces.form.date'), start: t('spaces.form.start'), minutes: t('spaces.form.minutes'), acceptRules: t('spaces.houseRules.title') };
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.move.title')}>
      <h1>{t('spaces.move.title')}</h1>
      <p>{t('spaces.move.from', { space: space.name, when: whenLabel(b.start, b.end, c.get('locale')) })}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action={target.action(b.id)} csrf={c.get('csrf')}>
        <Field t={t} name="date" type="date" label={labels.date} hint={t('spaces.move.dateHint')} value={v.date} error={errors.date} />
        <SelectField t={t} name="start" label={labels.start} value={v.start} error={errors.start} options={choices.starts.map((m) => ({ value: formatTime(m), label: formatTime(m) }))} />
        <SelectField t={t} name="minutes" label={labels.minutes} value={v.minutes} error={errors.minutes} options={choices.durations.map((m) => ({ value: String(m), label: durationLabel(t, m) }))} />
        {askRules && (
          <fieldset id="f-acceptRules">
            <legend>{t('spaces.houseRules.title')}</legend>
            <p class="house-rules">{space.houseRules}</p>
            {errors.acceptRules && <span class="error">{errors.acceptRules}</span>}
            <label class="check">
              <input type="checkbox" name="acceptRules" value="on" checked={v.acceptRules === 'on'} />
              <span>{t('spaces.houseRules.accept')}</span>
            </label>
          </fieldset>
        )}
        <button type="submit">{t('spaces.move.submit')}</button>
      </PostForm>
      <p>
        <a href={target.backHref}>{t(target.backLabel)}</a>
      </p>
    </Layout>,
  );
}

/** Moving a booking from "My bookings": the same slot checks as a new booking, in one step. */
export function registerMovePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/spaces/bookings/:id/move', 'spaces.resident', async (c) => {
    try {
      return await renderMoveForm(c, c.req.param('id') ?? '', null, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/spaces/bookings/:id/move', 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const form = await c.req.parseBody();
    const values: Values = { date: String(form.date ?? ''), start: String(form.start ?? ''), minutes: String(form.minutes ?? ''), acceptRules: form.acceptRules === 'on' ? 'on' : '' };
    try {
      const parsed = moveFields.safeParse(values);
      if (!parsed.success) return await renderMoveForm(c, c.req.param('id') ?? '', { ...values, date: isLocalDate(values.date) ? values.date : '' }, issuesToErrors(t, parsed.error.issues), 422);
      await moveBooking(c.get('services').database.db, actor, c.req.param('id') ?? '', parsed.data);
      deliverSoon(c.get('services'));
      return c.redirect('/spaces/bookings?moved=1', 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      // The booking may be gone from the household's live bookings (already moved or cancelled): its form cannot be shown again.
      return renderMoveForm(c, c.req.param('id') ?? '', values, refusalToErrors(t, err), err.status === 409 ? 409 : 422).catch((again) => pageForRefusal(c, again) ?? c.notFound());
    }
  });
}
