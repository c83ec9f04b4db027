import { randomUUID } from 'node:crypto';
import { stewardedSpacesIn } from '../queries/steward-requests.js';
import type { Context, Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { createBooking } from '../commands/create-booking.js';
import { createSeries, type SeriesConflict } from '../commands/create-series.js';
import { joinWaitlist } from '../commands/waitlist.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { bookingChoices, dayAvailability, defaultMinutes } from '../queries/availability.js';
import { withResidentSpace } from '../queries/resident-space.js';
import { spacesForResidentIn } from '../queries/resident-spaces.js';
import { bookingInput, seriesInput } from '../schemas.js';
import { AvailabilityGrid } from '../views/availability-grid.js';
import { BookingForm, type BookingFormValues } from '../views/booking-form.js';
import { DayPicker } from '../views/day-picker.js';
import { SeriesConflicts } from '../views/series-conflicts.js';
import { registerMyBookingsPages } from './my-bookings-pages.js';
import { issuesToErrors, pageForRefusal, refusalToErrors } from './respond.js';


/** The resident's side: spaces near me, a day's free slots, the booking form, my bookings. */
export function registerResidentPages(app: Hono<AppEnv>): void {
  registerMyBookingsPages(app);

  route(app, 'GET', '/spaces', 'spaces.resident', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    // One transaction for both lists (two before: a begin and a commit more on every visit).
    const { spaces, stewarding } = actor.orgId
      ? await withTenant(c.get('services').database.db, { orgId: actor.orgId }, async (tx) => ({ spaces: await spacesForResidentIn(tx, actor), stewarding: await stewardedSpacesIn(tx, actor) }))
      : { spaces: [], stewarding: [] };
    return c.html(
      <Layout c={c} title={t('spaces.list.title')}>
        <h1>{t('spaces.list.title')}</h1>
        <p>
          <a href="/spaces/bookings">{t('spaces.mine.title')}</a>
        </p>
        {stewarding.length > 0 && (
          <p>
            <a href="/spaces/stewarding">{t('spaces.steward.title')}</a>
          </p>
        )}
        {spaces.length === 0 ? (
          <p>{t('spaces.list.empty')}</p>
        ) : (
          <ul class="panels">
            {spaces.map((s) => (
              <li>
                <h2>{s.name}</h2>
                <p class="hint">{t(`spaces.kind.${s.kind}`)}</p>
                <p>{s.description}</p>
                <a class="button" href={`/spaces/${s.id}`} aria-label={t('spaces.list.seeLabel', { name: s.name })}>
                  {t('spaces.list.see')}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  });

  route(app, 'GET', `/spaces/:id`, 'spaces.resident', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const now = new Date();
    const today = parisParts(now).date;
    const asked = c.req.query('date') ?? '';
    const date = isLocalDate(asked) && asked >= today ? asked : today;
    try {
      const { space, day } = await withResidentSpace(c.get('services').database.db, actor, (c.req.param('id') ?? ''), async (tx, space) => ({ space, day: await dayAvailability(tx, space, date, now, false) }));
      const base = `/spaces/${space.id}`;
      return c.html(
        <Layout c={c} title={space.name}>
          <h1>{space.name}</h1>
          <p>{space.description}</p>
          {space.approvalRequired && <p class="notice">{t('spaces.approvalNotice')}</p>}
          <DayPicker t={t} locale={c.get('locale')} base={base} date={date} today={today} />
          <AvailabilityGrid t={t} locale={c.get('locale')} day={day} bookHref={(r, s) => `${base}/book?resource=${r}&date=${date}&start=${s}`} />
          <p>
            <a href={`${base}/busy.ics`}>{t('spaces.feed.public')}</a>
          </p>
          <p>
            <a href="/spaces/bookings">{t('spaces.mine.title')}</a>
          </p>
        </Layout>,
      );
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  const renderForm = async (c: Context<AppEnv>, values: BookingFormValues, errors: Record<string, string>, status: 200 | 409 | 422, suggestions: SpacesError['suggestions'] = [], series?: { conflicts: SeriesConflict[]; bookable: number }, waitlist = false) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const date = isLocalDate(values.date) ? values.date : parisParts(new Date()).date;
    // The form shows the day it offers: without a valid ?date= that is today, not an empty field.
    values.date = date;
    const { space, choices } = await withResidentSpace(c.get('services').database.db, actor, (c.req.param('id') ?? '') as string, async (tx, space) => ({ space, choices: await bookingChoices(tx, space, date) }));
    if (!values.minutes) values.minutes = String(defaultMinutes(space));
    c.status(status);
    return c.html(
      <Layout c={c} title={t('spaces.book.title', { name: space.name })}>
        <h1>{t('spaces.book.title', { name: space.name })}</h1>
        {space.approvalRequired && <p class="notice">{t('spaces.approvalNotice')}</p>}
        {space.houseRules && (
          <section aria-labelledby="house-rules-title">
            <h2 id="house-rules-title">{t('spaces.houseRules.title')}</h2>
            <p class="house-rules">{space.houseRules}</p>
          </section>
        )}
        {waitlist && (
          <PostForm action={`/spaces/${space.id}/waitlist`} csrf={c.get('csrf')}>
            {(['resourceId', 'date', 'start', 'minutes', 'purpose'] as const).map((name) => (
              <input type="hidden" name={name} value={values[name]} />
            ))}
            <p>{t('spaces.waitlist.offer')}</p>
            <button type="submit">{t('spaces.waitlist.join')}</button>
          </PostForm>
        )}
        {series && <SeriesConflicts t={t} locale={c.get('locale')} csrf={c.get('csrf')} action={`/spaces/${space.id}/book`} values={values} conflicts={series.conflicts} bookable={series.bookable} backHref={`/spaces/${space.id}?date=${date}`} />}
        <BookingForm
          t={t}
          locale={c.get('locale')}
          csrf={c.get('csrf')}
          action={`/spaces/${space.id}/book`}
          resources={choices.resources}
          starts={choices.starts}
          durations={choices.durations}
          values={values}
          errors={errors}
          suggestions={suggestions}
          suggestionHref={(s) => `/spaces/${space.id}/book?resource=${s.resourceId}&date=${s.date}&start=${s.start}`}
          repeat
          houseRules={space.houseRules.trim() !== ''}
          submitLabel={t(space.approvalRequired ? 'spaces.book.request' : 'spaces.book.confirm')}
        />
        <p>
          <a href={`/spaces/${space.id}?date=${date}`}>{t('spaces.book.back')}</a>
        </p>
      </Layout>,
    );
  };

  route(app, 'GET', `/spaces/:id/book`, 'spaces.resident', async (c) => {
    const q = c.req.query();
    try {
      return await renderForm(c, { resourceId: q.resource ?? '', date: q.date ?? '', start: q.start ?? '', minutes: '', purpose: '', idempotencyKey: randomUUID() }, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', `/spaces/:id/book`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const form = await c.req.parseBody();
    const values: BookingFormValues = {
      resourceId: String(form.resourceId ?? ''),
      date: String(form.date ?? ''),
      start: String(form.start ?? ''),
      minutes: String(form.minutes ?? ''),
      purpose: String(form.purpose ?? ''),
      idempotencyKey: String(form.idempotencyKey ?? ''),
      weeks: String(form.weeks ?? '1'),
      acceptRules: form.acceptRules === 'on' ? 'on' : '',
    };
    const db = c.get('services').database.db;
    const spaceId = c.req.param('id') ?? '';
    try {
      if (values.weeks && values.weeks !== '1') {
        const parsed = seriesInput.safeParse({ ...values, onConflict: form.onConflict === 'skip' ? 'skip' : 'ask' });
        if (!parsed.success) return await renderForm(c, values, issuesToErrors(t, parsed.error.issues), 422);
        const r = await createSeries(db, actor, spaceId, parsed.data, 'self');
        if (r.kind === 'conflicts') return await renderForm(c, values, {}, 409, [], { conflicts: r.conflicts, bookable: r.bookable.length });
        deliverSoon(c.get('services'));
        return c.redirect(`/spaces/bookings?series=${r.bookings.length}&skipped=${r.skipped.length}${r.status === 'pending' ? '&requested=1' : ''}`, 303);
      }
      const parsed = bookingInput.safeParse(values);
      if (!parsed.success) return await renderForm(c, values, issuesToErrors(t, parsed.error.issues), 422);
      const made = await createBooking(db, actor, spaceId, parsed.data, 'self');
      deliverSoon(c.get('services'));
      return c.redirect(`/spaces/bookings?${made.status === 'pending' ? 'requested' : 'booked'}=${made.bookingId}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      // A fresh key: the person may now choose another slot with the same form.
      return renderForm(c, { ...values, idempotencyKey: randomUUID() }, refusalToErrors(t, err), err.status === 409 ? 409 : 422, err.suggestions, undefined, err.code === 'spaces.error.full' && values.weeks === '1');
    }
  });

  route(app, 'POST', `/spaces/:id/waitlist`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const form = await c.req.parseBody();
    const values: BookingFormValues = { resourceId: String(form.resourceId ?? ''), date: String(form.date ?? ''), start: String(form.start ?? ''), minutes: String(form.minutes ?? ''), purpose: String(form.purpose ?? ''), idempotencyKey: randomUUID(), weeks: '1' };
    try {
      const parsed = bookingInput.safeParse(values);
      if (!parsed.success) return await renderForm(c, values, issuesToErrors(t, parsed.error.issues), 422);
      await joinWaitlist(c.get('services').database.db, actor, c.req.param('id') ?? '', parsed.data);
      return c.redirect('/spaces/bookings?waiting=1', 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return renderForm(c, values, refusalToErrors(t, err), err.status === 409 ? 409 : 422);
    }
  });
}
