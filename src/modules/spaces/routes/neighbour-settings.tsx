import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { CheckBox, ErrorSummary, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { neighbourSetting, setOpenToNeighbours } from '../commands/open-to-neighbours.js';
import type { SpacesError } from "../errors.js";
import { withStaffSpace } from '../queries/staff-space.js';
import { answer, db, param } from './api.js';
import { pageForRefusal } from './respond.js';

async function render(c: Context<AppEnv>, spaceId: string, errors: Record<string, string>, status: 200 | 422 = 200) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const space = await withStaffSpace(db(c), actor, spaceId, async (_tx, s) => s);
  const setting = await neighbourSetting(db(c), actor, spaceId);
  const title = t('spaces.neighbours.settings', { name: space.name });
  c.status(status);
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {c.req.query('saved') && <p class="notice">{t('spaces.neighbours.saved')}</p>}
      <ErrorSummary t={t} errors={errors} labels={{ open: t('spaces.neighbours.openLabel') }} />
      {setting.neighbourhood ? (
        <p>{t('spaces.neighbours.inNeighbourhood', { name: setting.neighbourhood.name, city: setting.neighbourhood.city })}</p>
      ) : (
        <p>
          {t('spaces.neighbours.noNeighbourhood')} <a href="/admin/neighbourhoods">{t('spaces.neighbours.manageNeighbourhoods')}</a>
        </p>
      )}
      <p class="hint">{t('spaces.neighbours.settingsHint')}</p>
      <PostForm action={`/staff/spaces/${space.id}/neighbours`} csrf={c.get('csrf')}>
        <div id="f-open">
          <CheckBox name="open" label={t('spaces.neighbours.openLabel')} checked={setting.open} />
        </div>
        {errors.open && <p class="error">{t(errors.open)}</p>}
        <button type="submit">{t('spaces.neighbours.save')}</button>
      </PostForm>
      <p>
        <a href={`/staff/spaces/${space.id}`}>{t('spaces.neighbours.backToBoard')}</a>
      </p>
    </Layout>,
  );
}

/** The manager's switch that opens a space to the other landlords of its neighbourhood: a page and the API. */
export function registerNeighbourSettings(app: Hono<AppEnv>): void {
  route(app, 'GET', '/staff/spaces/:id/neighbours', 'spaces.configure', async (c) => {
    try {
      return await render(c, c.req.param('id') ?? '', {});
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/neighbours', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const spaceId = c.req.param('id') ?? '';
    try {
      // The space first (404 for another landlord's), then the body.
      await withStaffSpace(db(c), actor, spaceId, async () => null);
      const form = await c.req.parseBody();
      await setOpenToNeighbours(db(c), actor, spaceId, form.open === 'on');
      return c.redirect(`/staff/spaces/${spaceId}/neighbours?saved=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, spaceId, { [err.field ?? 'open']: err.code }, 422);
    }
  });

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/neighbours',
      permission: 'spaces.configure',
      tag: 'spaces',
      summary: 'Open a space to the residents of the other landlords of its neighbourhood, or close it',
      description:
        'open: true needs the space’s residence to be in a neighbourhood (422 otherwise). Closing keeps the bookings already made. Another organisation’s space: 404. Audited.',
      body: z.object({ open: z.boolean() }),
      response: z.object({ open: z.boolean(), neighbourhood: z.object({ id: z.string(), name: z.string(), city: z.string() }).nullable() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        await setOpenToNeighbours(db(c), actor, param(c, 'id'), body.open);
        return c.json(await neighbourSetting(db(c), actor, param(c, 'id')));
      }),
  );
}

