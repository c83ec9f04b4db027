import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { handOverKey, returnKey } from '../commands/key-handover.js';
import type { SpacesError } from '../errors.js';
import { stewardRoom } from '../queries/steward-requests.js';
import { KeyDesk, type KeyFormError } from '../views/key-desk.js';
import { StewardRequests } from '../views/steward-requests.js';
import { pageForRefusal } from './respond.js';

type RoomState = { keyError?: KeyFormError; reasonError?: { id: string; text: string }; problem?: string };
type Side = { prefix: string; permission: string; requests: boolean };

/** The staff's keys page and the steward's room page: the same desk, the steward's with the requests to decide. */
export const STAFF_KEYS: Side = { prefix: '/staff/spaces/:id/keys', permission: 'spaces.board', requests: false };
export const STEWARD_ROOM: Side = { prefix: '/spaces/stewarding/:id', permission: 'spaces.resident', requests: true };

/** Renders a room's desk for staff or a steward; refusals of the actor are 403/404 pages. */
export async function renderRoom(c: Context<AppEnv>, side: Side, state: RoomState, status: 200 | 409 | 422) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const { space, pending, upcoming, keys } = await stewardRoom(c.get('services').database.db, actor, c.req.param('id') ?? '');
  const base = side.prefix.replace(':id', space.id);
  const keysBase = side.requests ? `${base}/keys` : base;
  const done = c.req.query('done');
  const notice = done && ['approve', 'refuse'].includes(done) ? t(`spaces.steward.done.${done}`) : done && ['hand', 'return'].includes(done) ? t(`spaces.keys.done.${done}`) : null;
  const title = side.requests ? t('spaces.steward.roomTitle', { name: space.name }) : t('spaces.keys.title', { name: space.name });
  c.status(status);
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {state.problem && (
        <div class="summary" role="alert">
          <p>{state.problem}</p>
        </div>
      )}
      {side.requests ? (
        <>
          <h2>{t('spaces.steward.requests')}</h2>
          <StewardRequests t={t} locale={c.get('locale')} csrf={c.get('csrf')} base={base} requests={pending} reasonError={state.reasonError} />
        </>
      ) : (
        <p>
          <a href={`/staff/spaces/${space.id}`}>{t('spaces.config.toBoard')}</a>
        </p>
      )}
      <KeyDesk t={t} locale={c.get('locale')} csrf={c.get('csrf')} base={keysBase} upcoming={upcoming} keys={keys} error={state.keyError} />
    </Layout>,
  );
}

async function refused(c: Context<AppEnv>, side: Side, e: unknown, state: (err: SpacesError) => RoomState) {
  const page = pageForRefusal(c, e);
  if (page) return page;
  const err = e as SpacesError;
  try {
    return await renderRoom(c, side, state(err), err.status === 409 ? 409 : 422);
  } catch (again) {
    return pageForRefusal(c, again) ?? c.notFound();
  }
}

/** The key hand-over and return, for staff (keys page) and for stewards (their room page). */
export function registerKeyPages(app: Hono<AppEnv>): void {
  for (const side of [STAFF_KEYS, STEWARD_ROOM]) {
    const keysPrefix = side.requests ? `${side.prefix}/keys` : side.prefix;
    if (!side.requests) {
      route(app, 'GET', side.prefix, side.permission, async (c) => {
        try {
          return await renderRoom(c, side, {}, 200);
        } catch (e) {
          return pageForRefusal(c, e) ?? c.notFound();
        }
      });
    }
    route(app, 'POST', `${keysPrefix}/hand/:bid`, side.permission, async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const form = await c.req.parseBody();
      const value = String(form.handedTo ?? '');
      const bid = c.req.param('bid') ?? '';
      try {
        await handOverKey(c.get('services').database.db, actor, c.req.param('id') ?? '', bid, value);
        return c.redirect(`${side.prefix.replace(':id', c.req.param('id') ?? '')}?done=hand`, 303);
      } catch (e) {
        return refused(c, side, e, (err) => (err.field ? { keyError: { bookingId: bid, value, text: c.get('t')(err.code) } } : { problem: c.get('t')(err.code) }));
      }
    });
    route(app, 'POST', `${keysPrefix}/return/:kid`, side.permission, async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      try {
        await returnKey(c.get('services').database.db, actor, c.req.param('id') ?? '', c.req.param('kid') ?? '');
        return c.redirect(`${side.prefix.replace(':id', c.req.param('id') ?? '')}?done=return`, 303);
      } catch (e) {
        return refused(c, side, e, (err) => ({ problem: c.get('t')(err.code) }));
      }
    });
  }
}

export { refused as refusedRoom };
