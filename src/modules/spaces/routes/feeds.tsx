import type { Context, Hono } from 'hono';
import { PUBLIC } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { createSpacesFeed, revokeSpacesFeed, spacesFeedCalendar } from '../commands/calendar-feed.js';
import { findSpace, type Space } from '../db/spaces-db.js';
import { spaceBusyIcs } from '../queries/ical-feed.js';
import { withResidentSpace } from '../queries/resident-space.js';
import { renderMine } from './my-bookings-pages.js';
import { pageForRefusal } from './respond.js';

const db = (c: Context<AppEnv>) => c.get('services').database.db;

const calendar = (c: Context<AppEnv>, body: string, file: string, cache: string) =>
  c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `inline; filename="${file}"`, 'cache-control': cache, 'referrer-policy': 'no-referrer' });

function busyText(c: Context<AppEnv>, space: Space) {
  const t = c.get('t');
  return {
    name: t('spaces.feed.spaceName', { space: space.name }),
    busy: (resource: string) => `${t('spaces.feed.busy')} — ${resource}`,
    closed: (what: string, reason: string) => (reason ? t('spaces.feed.closedBecause', { what, reason }) : t('spaces.feed.closed', { what })),
    wholeSpace: t('spaces.feed.wholeSpace'),
    locale: c.get('locale'),
  };
}

/**
 * Calendar feeds. A space's busy times (never names): at a public address without sign-in only when the
 * manager published them (spaces.public_calendar); always to the residents it serves, signed in. A person's
 * own bookings: behind a secret address made, renewed and stopped from "My bookings".
 */
export function registerFeedRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/c/:org/spaces/:id/busy.ics', PUBLIC, async (c) => {
    const org = await db(c).selectFrom('organisations').select('id').where('slug', '=', c.req.param('org') ?? '').executeTakeFirst();
    if (!org) return errorPage(c, 404);
    const body = await withTenant(db(c), { orgId: org.id as string }, async (tx) => {
      const space = await findSpace(tx, c.req.param('id') ?? '');
      // Unpublished looks exactly like unknown: the address says nothing about spaces that are not public.
      if (!space?.active || !space.publicCalendar) return null;
      return spaceBusyIcs(tx, space, new Date(), busyText(c, space));
    });
    return body === null ? errorPage(c, 404) : calendar(c, body, 'occupation.ics', 'public, max-age=600');
  });

  route(app, 'GET', '/spaces/:id/busy.ics', 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      const body = await withResidentSpace(db(c), actor, c.req.param('id') ?? '', (tx, space) => spaceBusyIcs(tx, space, new Date(), busyText(c, space)));
      return calendar(c, body, 'occupation.ics', 'private, no-store');
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  // Calendar apps read this without a session; the secret in the address is the only key.
  route(app, 'GET', '/c/:org/spaces-calendar/:token', PUBLIC, async (c) => {
    const org = await db(c).selectFrom('organisations').select(['id', 'name']).where('slug', '=', c.req.param('org') ?? '').executeTakeFirst();
    const token = (c.req.param('token') ?? '').replace(/\.ics$/, '');
    const t = c.get('t');
    const body = org ? await spacesFeedCalendar(db(c), org.id as string, token, { locale: c.get('locale'), title: (space) => t('spaces.ics.summary', { space }), name: t('spaces.feed.mineName', { org: org.name }) }) : null;
    return body === null ? errorPage(c, 404) : calendar(c, body, 'reservations.ics', 'private, no-store');
  });

  route(app, 'POST', '/spaces/bookings/calendar', 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor?.orgId) return c.notFound();
    const token = await createSpacesFeed(db(c), actor);
    const org = await db(c).selectFrom('organisations').select('slug').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
    // Shown once, in this answer: a redirect would put the secret in an address bar and a history.
    return renderMine(c, null, 200, `${c.get('services').config.publicUrl}/c/${org.slug}/spaces-calendar/${token}.ics`);
  });

  route(app, 'POST', '/spaces/bookings/calendar/stop', 'spaces.resident', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const stopped = await revokeSpacesFeed(db(c), actor);
    return c.redirect(`/spaces/bookings?feed=${stopped ? 'stopped' : 'none'}`, 303);
  });
}
