import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { route } from '../../../platform/http/routes.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { SeriesConflict } from '../commands/create-series.js';
import { cancelNeighbourBooking, createNeighbourBooking, myNeighbourBookings, neighbourSpacesFor, withNeighbourSpace } from '../commands/neighbour-booking.js';
import { createNeighbourSeries, joinNeighbourWaitlist, myNeighbourWaitlist } from '../commands/neighbour-more.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { bookingChoices, dayAvailability, defaultMinutes } from '../queries/availability.js';
import { bookingInput, seriesInput } from '../schemas.js';
import { AvailabilityGrid } from '../views/availability-grid.js';
import { BookingForm, type BookingFormValues } from '../views/booking-form.js';
import { DayPicker } from '../views/day-picker.js';
import { instantLabel, whenLabel } from '../views/format.js';
import { CancelSeriesButton, OnceSet } from '../views/cancel-series-button.js';
import { SeriesConflicts } from '../views/series-conflicts.js';
import { WaitingLists } from '../views/waiting-lists.js';
import { neighbourRefusal, registerNeighbourMorePages } from './neighbour-more-pages.js';
import { issuesToErrors, pageForRefusal, refusalToErrors } from './respond.js';

const BASE = '/spaces/neighbourhood';

/**
 * The resident's side of the neighbourhood: the spaces other landlords of their neighbourhood opened
 * to it, their free slots, the booking form and the household's bookings there (cancel). Registered
 * before `/spaces/:id`.
 */
export function registerNeighbourPages(app: Hono<AppEnv>): void {
  route(app, 'GET', BASE, 'spaces.resident', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const db = c.get('services').database.db;
    try {
      const [spaces, bookings, waiting] = await Promise.all([neighbourSpacesFor(db, actor), myNeighbourBookings(db, actor), myNeighbourWaitlist(db, actor)]);
      const q = c.req.query();
      const locale = c.get('locale');
      const seriesShown = new OnceSet();
      const csrf = c.get('csrf');
      return c.html(
        <Layout c={c} title={t('spaces.neighbours.title')}>
          <h1>{t('spaces.neighbours.title')}</h1>
          {q.booked && <p class="notice">{t('spaces.neighbours.booked')}</p>}
          {q.requested && <p class="notice">{t('spaces.neighbours.requested')}</p>}
          {q.cancelled && <p class="notice">{t('spaces.neighbours.cancelled')}</p>}
          {q.moved && <p class="notice">{t(q.moved === 'pending' ? 'spaces.neighbours.movedPending' : 'spaces.mine.moved')}</p>}
          {q.series && <p class="notice">{t('spaces.mine.seriesBooked', { count: Number(q.series) || 0, skipped: Number(q.skipped) || 0 })}</p>}
          {q.seriesCancelled && <p class="notice">{t('spaces.series.cancelled', { count: Number(q.seriesCancelled) || 0, kept: Number(q.kept) || 0 })}</p>}
          {q.waiting && <p class="notice">{t('spaces.waitlist.joined')}</p>}
          {q.left && <p class="notice">{t('spaces.waitlist.left')}</p>}
          {(q.offer === 'accept' || q.offer === 'decline') && <p class="notice">{t(`spaces.offer.done.${q.offer}`)}</p>}
          <p>{t('spaces.neighbours.intro')}</p>
          {spaces.length === 0 ? (
            <p>{t('spaces.neighbours.empty')}</p>
          ) : (
            <ul class="panels">
              {spaces.map((s) => (
                <li>
                  <h2>{s.name}</h2>
                  <p class="hint">{t('spaces.neighbours.where', { kind: t(`spaces.kind.${s.kind}`), residence: s.residenceName, city: s.city, landlord: s.landlordName })}</p>
                  <p>{s.description}</p>
                  <a class="button" href={`${BASE}/${s.id}`} aria-label={t('spaces.list.seeLabel', { name: s.name })}>
                    {t('spaces.list.see')}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('spaces.neighbours.mine')}</h2>
          {bookings.length === 0 ? (
            <p>{t('spaces.neighbours.noBookings')}</p>
          ) : (
            <ul>
              {bookings.map((b) => {
                const when = whenLabel(b.start, b.end, locale);
                return (
                  <li>
                    {`${b.spaceName ?? t('spaces.neighbours.closedSpace')} (${b.landlordName}) — ${when} — ${t(`spaces.status.${b.status}`)}`}
                    {b.inSeries && <span class="hint">{` ${t('spaces.mine.series')}`}</span>}
                    {b.offerExpiresAt && (
                      <>
                        <p class="hint">{t('spaces.offer.until', { until: instantLabel(b.offerExpiresAt, locale) })}</p>
                        <PostForm action={`${BASE}/bookings/${b.id}/accept`} csrf={csrf}>
                          <button type="submit" aria-label={t('spaces.offer.acceptLabel', { when })}>
                            {t('spaces.offer.accept')}
                          </button>
                        </PostForm>
                        <PostForm action={`${BASE}/bookings/${b.id}/decline`} csrf={csrf}>
                          <button type="submit" aria-label={t('spaces.offer.declineLabel', { when })}>
                            {t('spaces.offer.decline')}
                          </button>
                        </PostForm>
                      </>
                    )}
                    {(b.status === 'pending' || b.status === 'confirmed') && b.spaceName && (
                      <p>
                        <a href={`${BASE}/bookings/${b.id}/move`} aria-label={t('spaces.mine.moveLabel', { when })}>
                          {t('spaces.mine.move')}
                        </a>
                      </p>
                    )}
                    {(b.status === 'pending' || b.status === 'confirmed') && (
                      <PostForm action={`${BASE}/bookings/${b.id}/cancel`} csrf={csrf}>
                        <button type="submit">{t('spaces.neighbours.cancel', { when })}</button>
                      </PostForm>
                    )}
                    {(b.status === 'pending' || b.status === 'confirmed') && b.seriesId && seriesShown.add(b.seriesId) && <CancelSeriesButton t={t} csrf={csrf} action={`${BASE}/bookings/${b.id}/cancel-series`} label={t('spaces.series.cancelLabel', { when })} />}
                  </li>
                );
              })}
            </ul>
          )}
          <WaitingLists
            t={t}
            locale={locale}
            csrf={csrf}
            rows={waiting.map((w) => ({ ...w, spaceName: `${w.spaceName ?? t('spaces.neighbours.closedSpace')} (${w.landlordName})` }))}
            title={t('spaces.neighbours.waitlistTitle')}
            caption={t('spaces.neighbours.waitlistCaption')}
            leaveAction={(id) => `${BASE}/waitlist/${id}/leave`}
          />
          <p>
            <a href="/spaces">{t('spaces.list.title')}</a>
          </p>
        </Layout>,
      );
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'GET', `${BASE}/:id`, 'spaces.resident', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const now = new Date();
    const today = parisParts(now).date;
    const asked = c.req.query('date') ?? '';
    const date = isLocalDate(asked) && asked >= today ? asked : today;
    try {
      const { space, day } = await withNeighbourSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', {}, async (tx, space) => ({ space, day: await dayAvailability(tx, space, date, now, false) }));
      const base = `${BASE}/${space.id}`;
      return c.html(
        <Layout c={c} title={space.name}>
          <h1>{space.name}</h1>
          <p>{space.description}</p>
          {space.approvalRequired && <p class="notice">{t('spaces.approvalNotice')}</p>}
          <DayPicker t={t} locale={c.get('locale')} base={base} date={date} today={today} />
          <AvailabilityGrid t={t} locale={c.get('locale')} day={day} bookHref={(r, s) => `${base}/book?resource=${r}&date=${date}&start=${s}`} />
          <p>
            <a href={BASE}>{t('spaces.neighbours.title')}</a>
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
    values.date = date;
    const { space, choices } = await withNeighbourSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', {}, async (tx, space) => ({ space, choices: await bookingChoices(tx, space, date) }));
    if (!values.minutes) values.minutes = String(defaultMinutes(space));
    const base = `${BASE}/${space.id}`;
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
          <PostForm action={`${base}/waitlist`} csrf={c.get('csrf')}>
            {(['resourceId', 'date', 'start', 'minutes', 'purpose'] as const).map((name) => (
              <input type="hidden" name={name} value={values[name]} />
            ))}
            <p>{t('spaces.waitlist.offer')}</p>
            <button type="submit">{t('spaces.waitlist.join')}</button>
          </PostForm>
        )}
        {series && <SeriesConflicts t={t} locale={c.get('locale')} csrf={c.get('csrf')} action={`${base}/book`} values={values} conflicts={series.conflicts} bookable={series.bookable} backHref={`${base}?date=${date}`} />}
        <BookingForm
          t={t}
          locale={c.get('locale')}
          csrf={c.get('csrf')}
          action={`${base}/book`}
          resources={choices.resources}
          starts={choices.starts}
          durations={choices.durations}
          values={values}
          errors={errors}
          suggestions={suggestions}
          suggestionHref={(s) => `${base}/book?resource=${s.resourceId}&date=${s.date}&start=${s.start}`}
          repeat
          houseRules={space.houseRules.trim() !== ''}
          submitLabel={t(space.approvalRequired ? 'spaces.book.request' : 'spaces.book.confirm')}
        />
        <p>
          <a href={`${base}?date=${date}`}>{t('spaces.book.back')}</a>
        </p>
      </Layout>,
    );
  };

  route(app, 'GET', `${BASE}/:id/book`, 'spaces.resident', async (c) => {
    const q = c.req.query();
    try {
      return await renderForm(c, { resourceId: q.resource ?? '', date: q.date ?? '', start: q.start ?? '', minutes: '', purpose: '', idempotencyKey: randomUUID() }, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', `${BASE}/:id/book`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const db = c.get('services').database.db;
    const spaceId = c.req.param('id') ?? '';
    try {
      // The space must exist for this resident before the body is read (404 otherwise).
      await withNeighbourSpace(db, actor, spaceId, {}, async () => null);
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
      if (values.weeks && values.weeks !== '1') {
        // A weekly series: each date checked; conflicts listed, to skip or give up (SeriesConflicts).
        const parsedSeries = seriesInput.safeParse({ ...values, onConflict: form.onConflict === 'skip' ? 'skip' : 'ask' });
        if (!parsedSeries.success) return await renderForm(c, values, issuesToErrors(t, parsedSeries.error.issues), 422);
        try {
          const r = await createNeighbourSeries(db, actor, spaceId, parsedSeries.data);
          if (r.kind === 'conflicts') return await renderForm(c, values, {}, 409, [], { conflicts: r.conflicts, bookable: r.bookable.length });
          if (!r.replayed) deliverSoon(c.get('services'));
          return c.redirect(`${BASE}?series=${r.bookings.length}&skipped=${r.skipped.length}${r.status === 'pending' ? '&requested=1' : ''}`, 303);
        } catch (e) {
          const page = pageForRefusal(c, e);
          if (page) return page;
          const err = e as SpacesError;
          return renderForm(c, { ...values, idempotencyKey: randomUUID() }, refusalToErrors(t, err), err.status === 409 ? 409 : 422);
        }
      }
      const parsed = bookingInput.safeParse(values);
      if (!parsed.success) return await renderForm(c, values, issuesToErrors(t, parsed.error.issues), 422);
      try {
        const made = await createNeighbourBooking(db, actor, spaceId, parsed.data);
        if (!made.replayed) deliverSoon(c.get('services'));
        return c.redirect(`${BASE}?${made.status === 'pending' ? 'requested' : 'booked'}=${made.bookingId}`, 303);
      } catch (e) {
        const page = pageForRefusal(c, e);
        if (page) return page;
        const err = e as SpacesError;
        // A full slot: the neighbour may queue for it, as the space's own residents may.
        return renderForm(c, { ...values, idempotencyKey: randomUUID() }, refusalToErrors(t, err), err.status === 409 ? 409 : 422, err.suggestions, undefined, err.code === 'spaces.error.full');
      }
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', `${BASE}/bookings/:bid/cancel`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      await cancelNeighbourBooking(c.get('services').database.db, actor, c.req.param('bid') ?? '');
      deliverSoon(c.get('services'));
      return c.redirect(`${BASE}?cancelled=1`, 303);
    } catch (e) {
      return neighbourRefusal(c, e);
    }
  });

  route(app, 'POST', `${BASE}/:id/waitlist`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const db = c.get('services').database.db;
    const spaceId = c.req.param('id') ?? '';
    try {
      await withNeighbourSpace(db, actor, spaceId, {}, async () => null);
      const form = await c.req.parseBody();
      const values: BookingFormValues = { resourceId: String(form.resourceId ?? ''), date: String(form.date ?? ''), start: String(form.start ?? ''), minutes: String(form.minutes ?? ''), purpose: String(form.purpose ?? ''), idempotencyKey: randomUUID(), weeks: '1' };
      const parsed = bookingInput.safeParse(values);
      if (!parsed.success) return await renderForm(c, values, issuesToErrors(t, parsed.error.issues), 422);
      try {
        await joinNeighbourWaitlist(db, actor, spaceId, parsed.data);
        return c.redirect(`${BASE}?waiting=1`, 303);
      } catch (e) {
        const page = pageForRefusal(c, e);
        if (page) return page;
        const err = e as SpacesError;
        return renderForm(c, values, refusalToErrors(t, err), err.status === 409 ? 409 : 422);
      }
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  registerNeighbourMorePages(app);
}
