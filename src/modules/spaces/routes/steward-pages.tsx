import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { PostForm, SelectField } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { stewardDecide } from '../commands/steward-decide.js';
import { nameSteward, removeSteward } from '../commands/stewards.js';
import type { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { stewardedSpaces } from '../queries/steward-requests.js';
import { listStewards, stewardCandidates } from '../queries/stewards.js';
import { dayLabel } from '../views/format.js';
import { parisParts } from '../domain/paris-time.js';
import { refusedRoom, renderRoom, STEWARD_ROOM } from './key-pages.js';
import { pageForRefusal } from './respond.js';

/** The manager's page naming the residents who steward a room. */
async function renderStewards(c: Context<AppEnv>, state: { value?: string; error?: string }, status: 200 | 422) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const { space, stewards, candidates } = await withSpaceFor(c.get('services').database.db, actor, PERMISSIONS.configure, c.req.param('id') ?? '', async (tx, space) => ({
    space,
    stewards: await listStewards(tx, space.id),
    candidates: await stewardCandidates(tx, space),
  }));
  const base = `/staff/spaces/${space.id}/stewards`;
  const q = c.req.query();
  const notice = q.added ? t('spaces.stewards.added') : q.removed ? t('spaces.stewards.removed') : null;
  const named = new Set(stewards.map((s) => s.userId));
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.stewards.title', { name: space.name })}>
      <h1>{t('spaces.stewards.title', { name: space.name })}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>{t('spaces.stewards.intro')}</p>
      <p>
        <a href={`/staff/spaces/${space.id}/settings`}>{t('spaces.staff.settings')}</a>
      </p>
      {stewards.length === 0 ? (
        <p>{t('spaces.stewards.empty')}</p>
      ) : (
        <TableWrap label={t('spaces.stewards.caption')}>
          <table>
            <caption>{t('spaces.stewards.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.stewards.name')}</th>
                <th scope="col">{t('spaces.stewards.since')}</th>
                <th scope="col">{t('spaces.stewards.action')}</th>
              </tr>
            </thead>
            <tbody>
              {stewards.map((s) => (
                <tr>
                  <td>{s.name}</td>
                  <td>{dayLabel(parisParts(s.since).date, c.get('locale'), { year: true })}</td>
                  <td>
                    <PostForm action={`${base}/${s.userId}/remove`} csrf={c.get('csrf')}>
                      <button type="submit" aria-label={t('spaces.stewards.removeLabel', { name: s.name })}>
                        {t('spaces.stewards.remove')}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('spaces.stewards.add')}</h2>
      <PostForm action={base} csrf={c.get('csrf')}>
        <SelectField
          t={t}
          name="userId"
          label={t('spaces.stewards.user')}
          hint={t('spaces.stewards.userHint')}
          value={state.value ?? ''}
          error={state.error}
          options={[{ value: '', label: t('spaces.stewards.choose') }, ...candidates.filter((x) => !named.has(x.userId)).map((x) => ({ value: x.userId, label: x.name }))]}
        />
        <button type="submit">{t('spaces.stewards.submit')}</button>
      </PostForm>
    </Layout>,
  );
}

/** Stewards: a resident's list of the rooms they steward and each room's requests and key; the manager's naming page. */
export function registerStewardPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/spaces/stewarding', 'spaces.resident', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const rooms = await stewardedSpaces(c.get('services').database.db, actor);
    return c.html(
      <Layout c={c} title={t('spaces.steward.title')}>
        <h1>{t('spaces.steward.title')}</h1>
        {rooms.length === 0 ? (
          <p>{t('spaces.steward.none')}</p>
        ) : (
          <>
            <p>{t('spaces.steward.intro')}</p>
            <TableWrap label={t('spaces.steward.caption')}>
              <table>
                <caption>{t('spaces.steward.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('spaces.steward.room')}</th>
                    <th scope="col">{t('spaces.steward.waiting')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rooms.map((r) => (
                    <tr>
                      <td>
                        <a href={`/spaces/stewarding/${r.id}`} aria-label={t('spaces.steward.open', { name: r.name })}>
                          {r.name}
                        </a>
                        {r.kind === 'garden' && (
                          <>
                            <br />
                            <a href={`/spaces/stewarding/${r.id}/garden`} aria-label={t('spaces.steward.gardenLabel', { name: r.name })}>
                              {t('spaces.steward.garden')}
                            </a>
                          </>
                        )}
                      </td>
                      <td>{r.pending}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </Layout>,
    );
  });

  route(app, 'GET', '/spaces/stewarding/:id', 'spaces.resident', async (c) => {
    try {
      return await renderRoom(c, STEWARD_ROOM, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  for (const decision of ['approve', 'refuse'] as const) {
    route(app, 'POST', `/spaces/stewarding/:id/bookings/:bid/${decision}`, 'spaces.resident', async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const form = await c.req.parseBody();
      const bid = c.req.param('bid') ?? '';
      try {
        await stewardDecide(c.get('services').database.db, actor, c.req.param('id') ?? '', bid, decision, String(form.reason ?? ''));
        deliverSoon(c.get('services'));
        return c.redirect(`/spaces/stewarding/${c.req.param('id')}?done=${decision}`, 303);
      } catch (e) {
        return refusedRoom(c, STEWARD_ROOM, e, (err) => (err.field === 'reason' ? { reasonError: { id: bid, text: c.get('t')(err.code) } } : { problem: c.get('t')(err.code) }));
      }
    });
  }

  route(app, 'GET', '/staff/spaces/:id/stewards', 'spaces.configure', async (c) => {
    try {
      return await renderStewards(c, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/stewards', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const value = String((await c.req.parseBody()).userId ?? '');
    try {
      await nameSteward(c.get('services').database.db, actor, c.req.param('id') ?? '', value);
      return c.redirect(`/staff/spaces/${c.req.param('id')}/stewards?added=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      // The user check comes before the space's: a form for an unknown space is still that space's 404.
      try {
        return await renderStewards(c, { value, error: (e as SpacesError).code }, 422);
      } catch (notFound) {
        return pageForRefusal(c, notFound) ?? c.notFound();
      }
    }
  });

  route(app, 'POST', '/staff/spaces/:id/stewards/:uid/remove', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      await removeSteward(c.get('services').database.db, actor, c.req.param('id') ?? '', c.req.param('uid') ?? '');
      return c.redirect(`/staff/spaces/${c.req.param('id')}/stewards?removed=1`, 303);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });
}
