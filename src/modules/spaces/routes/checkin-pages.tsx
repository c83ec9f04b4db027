import type { Context, Hono } from 'hono';
import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { Field, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { codeOfTheDay, selfCheckIn } from '../commands/self-checkin.js';
import { parisParts } from '../domain/paris-time.js';
import { SpacesError } from '../errors.js';
import { checkinCodeInput } from '../garden-schemas.js';
import { withStaffSpace } from '../queries/staff-space.js';
import { dayLabel, whenLabel } from '../views/format.js';
import { pageForRefusal } from './respond.js';

/** The resident's own booking, for the check-in page: 404 for any other household's. */
async function ownBooking(c: Context<AppEnv>, actor: Actor, id: string) {
  if (!actor.orgId || !actor.householdId || !/^[0-9a-f-]{36}$/i.test(id)) throw new SpacesError(404, 'error.404.title');
  const householdId = actor.householdId;
  const b = await withTenant(c.get('services').database.db, { orgId: actor.orgId }, (tx) =>
    tx
      .selectFrom('space_bookings as b')
      .innerJoin('spaces as s', 's.id', 'b.space_id')
      .select(['b.id', 's.name', 'b.checked_in_at', sql<Date>`lower(b.during)`.as('start'), sql<Date>`upper(b.during)`.as('end')])
      .where('b.id', '=', id)
      .where('b.household_id', '=', householdId)
      .executeTakeFirst(),
  );
  if (!b) throw new SpacesError(404, 'error.404.title');
  return b;
}

async function renderCheckin(c: Context<AppEnv>, state: { value?: string; error?: string; done?: boolean }, status: 200 | 409 | 422) {
  const t = c.get('t');
  const actor = c.get('actor') as Actor;
  const b = await ownBooking(c, actor, c.req.param('id') ?? '');
  const done = state.done || c.req.query('done') === '1';
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.selfCheckin.title')}>
      <h1>{t('spaces.selfCheckin.title')}</h1>
      <p>{t('spaces.selfCheckin.booking', { space: b.name, when: whenLabel(b.start, b.end, c.get('locale')) })}</p>
      {done && (
        <p class="notice" role="status">
          {t('spaces.selfCheckin.done')}
        </p>
      )}
      {b.checked_in_at && !done ? (
        <p>{t('spaces.selfCheckin.already')}</p>
      ) : (
        !b.checked_in_at && (
          <PostForm action={`/spaces/bookings/${b.id}/checkin`} csrf={c.get('csrf')}>
            <Field t={t} name="code" label={t('spaces.selfCheckin.code')} hint={t('spaces.selfCheckin.codeHint')} value={state.value ?? ''} error={state.error} inputmode="numeric" autocomplete="off" />
            <button type="submit">{t('spaces.selfCheckin.submit')}</button>
          </PostForm>
        )
      )}
      <p>
        <a href="/spaces/bookings">{t('spaces.nav.resident')}</a>
      </p>
    </Layout>,
  );
}

/** Self check-in: the code of the day on the space's screen (staff), typed by the resident on their booking. */
export function registerCheckinPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/staff/spaces/:id/screen', 'spaces.board', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor') as Actor;
    try {
      const { space, code } = await withStaffSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', async (tx, space) => ({ space, code: await codeOfTheDay(tx, space) }));
      return c.html(
        <Layout c={c} title={t('spaces.screen.title', { name: space.name })}>
          <h1>{t('spaces.screen.title', { name: space.name })}</h1>
          <p>{t('spaces.screen.intro', { day: dayLabel(parisParts(new Date()).date, c.get('locale')) })}</p>
          <p>
            {t('spaces.screen.codeLabel')} : <strong style="font-size:3rem;letter-spacing:.3em" data-code>{code}</strong>
          </p>
        </Layout>,
      );
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'GET', '/spaces/bookings/:id/checkin', 'spaces.resident', async (c) => {
    try {
      return await renderCheckin(c, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/spaces/bookings/:id/checkin', 'spaces.resident', async (c) => {
    const value = String((await c.req.parseBody()).code ?? '');
    try {
      const parsed = checkinCodeInput.safeParse({ code: value });
      if (!parsed.success) return await renderCheckin(c, { value, error: 'spaces.selfCheckin.error.format' }, 422);
      await selfCheckIn(c.get('services').database.db, c.get('actor') as Actor, c.req.param('id') ?? '', parsed.data.code);
      return c.redirect(`/spaces/bookings/${c.req.param('id')}/checkin?done=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      if (err.field !== 'code') return renderProblem(c, err);
      try {
        return await renderCheckin(c, { value, error: err.code }, 422);
      } catch (again) {
        return pageForRefusal(c, again) ?? c.notFound();
      }
    }
  });
}

function renderProblem(c: Context<AppEnv>, err: SpacesError) {
  const t = c.get('t');
  c.status(err.status === 409 ? 409 : 422);
  return c.html(
    <Layout c={c} title={t('spaces.selfCheckin.title')}>
      <h1>{t('spaces.selfCheckin.title')}</h1>
      <div class="summary" role="alert">
        <p>{t(err.code, err.values)}</p>
      </div>
      <p>
        <a href="/spaces/bookings">{t('spaces.nav.resident')}</a>
      </p>
    </Layout>,
  );
}
