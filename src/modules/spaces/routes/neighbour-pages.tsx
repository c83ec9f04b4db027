import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { route } from '../../../platform/http/routes.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { cancelNeighbourBooking, createNeighbourBooking, myNeighbourBookings, neighbourSpacesFor, withNeighbourSpace } from '../commands/neighbour-booking.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { bookingChoices, dayAvailability, defaultMinutes } from '../queries/availability.js';
import { bookingInput } from '../schemas.js';
import { AvailabilityGrid } from '../views/availability-grid.js';
import { BookingForm, type BookingFormValues } from '../views/booking-form.js';
import { DayPicker } from '../views/day-picker.js';
import { whenLabel } from '../views/format.js';
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
      const [spaces, bookings] = await Promise.all([neighbourSpacesFor(db, actor), myNeighbourBookings(db, actor)]);
      const csrf = c.get('csrf');
      return c.html(
        <Layout c={c} title={t('spaces.neighbours.title')}>
          <h1>{t('spaces.neighbours.title')}</h1>
          {c.req.query('booked') && <p class="notice">{t('spaces.neighbours.booked')}</p>}
          {c.req.query('requested') && <p class="notice">{t('spaces.neighbours.requested')}</p>}
          {c.req.query('cancelled') && <p class="notice">{t('spaces.neighbours.cancelled')}</p>}
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
              {bookings.map((b) => (
                <li>
                  {`${b.spaceName ?? t('spaces.neighbours.closedSpace')} (${b.landlordName}) — ${whenLabel(b.start, b.end, c.get('locale'))} — ${t(`spaces.status.${b.status}`)}`}
                  {(b.status === 'pending' || b.status === 'confirmed') && (
                    <PostForm action={`${BASE}/bookings/${b.id}/cancel`} csrf={csrf}>
                      <button type="submit">{t('spaces.neighbours.cancel', { when: whenLabel(b.start, b.end, c.get('locale')) })}</button>
                    </PostForm>
                  )}
                </li>
              ))}
            </ul>
          )}
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

  const renderForm = async (c: Context<AppEnv>, values: BookingFormValues, errors: Record<string, string>, status: 200 | 409 | 422, suggestions: SpacesError['suggestions'] = []) => {
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
        acceptRules: form.acceptRules === 'on' ? 'on' : '',
      };
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
        return renderForm(c, { ...values, idempotencyKey: randomUUID() }, refusalToErrors(t, err), err.status === 409 ? 409 : 422, err.suggestions);
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
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      c.status(409);
      return c.html(
        <Layout c={c} title={c.get('t')('spaces.neighbours.title')}>
          <h1>{c.get('t')('spaces.neighbours.title')}</h1>
          <p role="alert">{c.get('t')(err.code, err.values)}</p>
          <p>
            <a href={BASE}>{c.get('t')('spaces.neighbours.title')}</a>
          </p>
        </Layout>,
      );
    }
  });
}
