import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { cancelBooking } from '../commands/cancel-booking.js';
import { answerOffer, leaveWaitlist } from '../commands/waitlist.js';
import { SpacesError } from '../errors.js';
import { spacesFeedStatus } from '../commands/calendar-feed.js';
import { bookingIcal } from '../queries/booking-ical.js';
import { formatters } from '../../../platform/i18n/index.js';
import { CalendarFeedSection } from '../views/calendar-feed.js';
import { myBookings, myWaitlist } from '../queries/resident-spaces.js';
import { instantLabel, whenLabel } from '../views/format.js';
import { CancelSeriesButton, OnceSet } from '../views/cancel-series-button.js';
import { WaitingLists } from '../views/waiting-lists.js';
import { registerMovePages } from './move-pages.js';
import { myNeighbourBookings } from '../commands/neighbour-booking.js';
import { NeighbourBookingsSection } from '../views/neighbour-bookings.js';
import { pageForRefusal } from './respond.js';


/** "My bookings" with an optional problem at the top (a refused cancellation). */
export async function renderMine(c: Context<AppEnv>, problem: string | null, status: 200 | 409, feedAddress: string | null = null) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const rows = await myBookings(c.get('services').database.db, actor);
  const waiting = await myWaitlist(c.get('services').database.db, actor);
  const feedSince = await spacesFeedStatus(c.get('services').database.db, actor);
  // Bookings in other landlords' spaces of the neighbourhood (none for an account without a household).
  const neighbourRows = await myNeighbourBookings(c.get('services').database.db, actor).catch((e) => {
    if (e instanceof SpacesError) return [];
    throw e;
  });
  const q = c.req.query();
  const notice = q.series
    ? t(q.requested ? 'spaces.mine.seriesRequested' : 'spaces.mine.seriesBooked', { count: Number(q.series) || 0, skipped: Number(q.skipped) || 0 })
    : q.booked
      ? t('spaces.mine.booked')
      : q.requested
        ? t('spaces.mine.requested')
        : q.cancelled
          ? t('spaces.mine.cancelled')
          : q.moved
          ? t('spaces.mine.moved')
          : q.seriesCancelled
            ? t('spaces.series.cancelled', { count: Number(q.seriesCancelled) || 0, kept: Number(q.kept) || 0 })
          : q.waiting
            ? t('spaces.waitlist.joined')
            : q.offer && ['accept', 'decline'].includes(q.offer)
              ? t(`spaces.offer.done.${q.offer}`)
              : q.left
                ? t('spaces.waitlist.left')
                : null;
  // The "cancel the whole series" button sits on the first date of each series that can still be cancelled.
  const seriesShown = new OnceSet();
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.mine.title')}>
      <h1>{t('spaces.mine.title')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {problem && (
        <div class="summary" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {rows.length === 0 ? (
        neighbourRows.length === 0 && <p>{t('spaces.mine.empty')}</p>
      ) : (
        <TableWrap label={t('spaces.mine.title')}>
          <table>
            <caption>{t('spaces.mine.caption')}</caption>
            <thead>
              <tr>
                {/* Two columns, so the table and its caption fit a 360 px phone without scrolling sideways. */}
                <th scope="col">{t('spaces.mine.booking')}</th>
                <th scope="col">{t('spaces.mine.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr>
                  <td>
                    <strong>{whenLabel(b.start, b.end, c.get('locale'))}</strong>
                    <span class="hint">
                      {b.spaceName} — {b.resourceName}
                    </span>
                    {b.inSeries && <span class="hint">{t('spaces.mine.series')}</span>}
                    <span class="hint">{t('spaces.mine.statusLine', { status: t(`spaces.status.${b.status}`) })}</span>
                    {b.decisionReason && <span class="hint">{b.decisionReason}</span>}
                  </td>
                  <td>
                    <a href={`/spaces/bookings/${b.id}/ics`} aria-label={t('spaces.mine.icsLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })}>
                      {t('spaces.mine.ics')}
                    </a>
                    {b.checkInOpen && (
                      <p>
                        <a href={`/spaces/bookings/${b.id}/checkin`} aria-label={t('spaces.mine.checkInLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })}>
                          {t('spaces.mine.checkIn')}
                        </a>
                      </p>
                    )}
                    {b.offerExpiresAt && (
                      <>
                        <p class="hint">{t('spaces.offer.until', { until: instantLabel(b.offerExpiresAt, c.get('locale')) })}</p>
                        <PostForm action={`/spaces/bookings/${b.id}/accept`} csrf={c.get('csrf')}>
                          <button type="submit" aria-label={t('spaces.offer.acceptLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })}>
                            {t('spaces.offer.accept')}
                          </button>
                        </PostForm>
                        <PostForm action={`/spaces/bookings/${b.id}/decline`} csrf={c.get('csrf')}>
                          <button type="submit" aria-label={t('spaces.offer.declineLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })}>
                            {t('spaces.offer.decline')}
                          </button>
                        </PostForm>
                      </>
                    )}
                    {b.cancellable && (
                      <p>
                        <a href={`/spaces/bookings/${b.id}/move`} aria-label={t('spaces.mine.moveLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })}>
                          {t('spaces.mine.move')}
                        </a>
                      </p>
                    )}
                    {b.cancellable && (
                      <PostForm action={`/spaces/bookings/${b.id}/cancel`} csrf={c.get('csrf')}>
                        <button type="submit" aria-label={t('spaces.mine.cancelLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })}>
                          {t('spaces.mine.cancel')}
                        </button>
                      </PostForm>
                    )}
                    {b.cancellable && b.seriesId && seriesShown.add(b.seriesId) && <CancelSeriesButton t={t} csrf={c.get('csrf')} action={`/spaces/bookings/${b.id}/cancel-series`} label={t('spaces.series.cancelLabel', { when: whenLabel(b.start, b.end, c.get('locale')) })} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <NeighbourBookingsSection t={t} locale={c.get('locale')} rows={neighbourRows} />
      <WaitingLists t={t} locale={c.get('locale')} csrf={c.get('csrf')} rows={waiting} />
      <CalendarFeedSection t={t} csrf={c.get('csrf')} since={feedSince ? formatters(c.get('locale')).date(feedSince) : null} address={feedAddress} done={q.feed} />
      <p>
        <a href="/spaces">{t('spaces.list.title')}</a>
      </p>
    </Layout>,
  );
}

/** "My bookings": the list with cancellation, and each booking as an iCal file. */
export function registerMyBookingsPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/spaces/bookings', 'spaces.resident', (c) => renderMine(c, null, 200));
  registerMovePages(app);

  route(app, 'POST', `/spaces/bookings/:id/cancel`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      await cancelBooking(c.get('services').database.db, actor, (c.req.param('id') ?? ''), 'self');
      deliverSoon(c.get('services'));
      return c.redirect('/spaces/bookings?cancelled=1', 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return renderMine(c, c.get('t')(err.code, err.values), 409);
    }
  });

  for (const answer of ['accept', 'decline'] as const) {
    route(app, 'POST', `/spaces/bookings/:id/${answer}`, 'spaces.resident', async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      try {
        await answerOffer(c.get('services').database.db, actor, c.req.param('id') ?? '', answer);
        deliverSoon(c.get('services'));
        return c.redirect(`/spaces/bookings?offer=${answer}`, 303);
      } catch (e) {
        const page = pageForRefusal(c, e);
        if (page) return page;
        const err = e as SpacesError;
        return renderMine(c, c.get('t')(err.code, err.values), 409);
      }
    });
  }

  route(app, 'POST', `/spaces/waitlist/:id/leave`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      await leaveWaitlist(c.get('services').database.db, actor, c.req.param('id') ?? '');
      return c.redirect('/spaces/bookings?left=1', 303);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'GET', `/spaces/bookings/:id/ics`, 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      const body = await bookingIcal(c.get('services').database.db, actor, (c.req.param('id') ?? ''), (space) => c.get('t')('spaces.ics.summary', { space }));
      return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'attachment; filename="reservation.ics"' });
    } catch (e) {
      if (e instanceof SpacesError) return pageForRefusal(c, e) ?? c.notFound();
      throw e;
    }
  });
}
