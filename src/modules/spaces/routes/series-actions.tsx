import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { cancelSeries } from '../commands/cancel-series.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { renderMine } from './my-bookings-pages.js';
import { requireBookingOfSpace } from '../queries/staff-space.js';
import { pageForRefusal } from './respond.js';
import { renderBoard } from './staff-pages.js';

/** Cancelling a whole weekly series in one action: by the resident from "My bookings", by staff from the board. */
export function registerSeriesActions(app: Hono<AppEnv>): void {
  route(app, 'POST', '/spaces/bookings/:id/cancel-series', 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      const r = await cancelSeries(c.get('services').database.db, actor, c.req.param('id') ?? '', 'self');
      deliverSoon(c.get('services'));
      return c.redirect(`/spaces/bookings?seriesCancelled=${r.cancelled}&kept=${r.kept}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return renderMine(c, c.get('t')(err.code, err.values), 409);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/bookings/:bid/cancel-series', 'spaces.board', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const asked = c.req.query('date') ?? '';
    const date = isLocalDate(asked) ? asked : parisParts(new Date()).date;
    try {
      await requireBookingOfSpace(c.get('services').database.db, actor, c.req.param('id') ?? '', c.req.param('bid') ?? '');
      const r = await cancelSeries(c.get('services').database.db, actor, c.req.param('bid') ?? '', 'counter');
      deliverSoon(c.get('services'));
      return c.redirect(`/staff/spaces/${c.req.param('id')}?date=${date}&seriesCancelled=${r.cancelled}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      try {
        return await renderBoard(c, date, { problem: c.get('t')(err.code, err.values) }, 409);
      } catch (again) {
        return pageForRefusal(c, again) ?? c.notFound();
      }
    }
  });
}
