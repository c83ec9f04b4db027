import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Field, PostForm, SelectField, fieldErrors } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { allocatePlots, answerRenewal, offerRenewals, releasePlot } from '../commands/garden-allocate.js';
import { applyForPlot, createSeason } from '../commands/garden-seasons.js';
import type { SpacesError } from '../errors.js';
import { seasonInput } from '../garden-schemas.js';
import { residentGarden, staffGarden } from '../queries/garden.js';
import { GardenSeasonTables } from '../views/garden-season.js';
import { dayLabel } from '../views/format.js';
import { pageForRefusal } from './respond.js';
import type { Actor } from '../../../platform/access/actor.js';

// The route's permission check has run: a signed-in actor is there.
const actorOf = (c: Context<AppEnv>): Actor => c.get('actor') as Actor;

type SeasonValues = { name: string; startsOn: string; endsOn: string; allocation: string };

async function renderResident(c: Context<AppEnv>, problem: string | null, status: 200 | 409 | 422) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const locale = c.get('locale');
  const g = await residentGarden(c.get('services').database.db, actor);
  const done = c.req.query('done');
  const notice = done && ['applied', 'accept', 'decline'].includes(done) ? t(`spaces.garden.done.${done}`) : null;
  const d = (s: string) => dayLabel(s, locale, { year: true });
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.garden.title')}>
      <h1>{t('spaces.garden.title')}</h1>
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
      <h2>{t('spaces.garden.mine')}</h2>
      {g.plots.length === 0 ? (
        <p>{t('spaces.garden.none')}</p>
      ) : (
        <ul>
          {g.plots.map((p) => (
            <li>{t('spaces.garden.plotItem', { plot: p.plot, garden: p.garden, season: p.name, from: d(p.startsOn), to: d(p.endsOn) })}</li>
          ))}
        </ul>
      )}
      {g.offers.length > 0 && (
        <>
          <h2>{t('spaces.garden.offers')}</h2>
          {g.offers.map((o) => (
            <div>
              <p>{t('spaces.garden.offerItem', { plot: o.plot, garden: o.garden, season: o.name })}</p>
              <PostForm action={`/spaces/garden/renewals/${o.applicationId}/accept`} csrf={c.get('csrf')}>
                <button type="submit" aria-label={t('spaces.garden.acceptLabel', { plot: o.plot, season: o.name })}>
                  {t('spaces.garden.accept')}
                </button>
              </PostForm>
              <PostForm action={`/spaces/garden/renewals/${o.applicationId}/decline`} csrf={c.get('csrf')}>
                <button type="submit" aria-label={t('spaces.garden.declineLabel', { plot: o.plot, season: o.name })}>
                  {t('spaces.garden.decline')}
                </button>
              </PostForm>
            </div>
          ))}
        </>
      )}
      <h2>{t('spaces.garden.open')}</h2>
      {g.open.length === 0 ? (
        <p>{t('spaces.garden.noOpen')}</p>
      ) : (
        <ul>
          {g.open.map((s) => (
            <li>
              {t('spaces.garden.seasonItem', { garden: s.garden, season: s.name, from: d(s.startsOn), to: d(s.endsOn), mode: t(`spaces.garden.mode.${s.allocation}`) })}
              {s.status === 'waiting' && <p>{t('spaces.garden.waitingRank', { rank: s.drawnAt || s.allocation === 'first_come' ? s.rank : 0 })}</p>}
              {s.status === null && (
                <PostForm action={`/spaces/garden/seasons/${s.id}/apply`} csrf={c.get('csrf')}>
                  <button type="submit" aria-label={t('spaces.garden.applyLabel', { garden: s.garden, season: s.name })}>
                    {t('spaces.garden.apply')}
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>,
  );
}

/**
 * Where a garden is run from: staff on the space's board, or a resident named steward of the garden from
 * "Spaces I steward". Same page, same commands (their policy lets a steward of this garden only).
 */
type Surface = { prefix: string; permission: string; base: (spaceId: string) => string; back: (spaceId: string) => string; backLabel: string };
const SURFACES: Surface[] = [
  { prefix: '/staff/spaces/:id/garden', permission: 'spaces.board', base: (id) => `/staff/spaces/${id}/garden`, back: (id) => `/staff/spaces/${id}`, backLabel: 'spaces.config.toBoard' },
  { prefix: '/spaces/stewarding/:id/garden', permission: 'spaces.resident', base: (id) => `/spaces/stewarding/${id}/garden`, back: () => '/spaces/stewarding', backLabel: 'spaces.steward.back' },
];

async function renderStaff(c: Context<AppEnv>, state: { values?: SeasonValues; errors?: Record<string, string>; problem?: string }, status: 200 | 409 | 422, surface: Surface = SURFACES[0]) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const { space, seasons } = await staffGarden(c.get('services').database.db, actor, c.req.param('id') ?? '');
  const base = surface.base(space.id);
  const q = c.req.query();
  const notice = q.created ? t('spaces.garden.created') : q.allocated ? t('spaces.garden.allocated', { count: Number(q.allocated) || 0 }) : q.released ? t('spaces.garden.released', { promoted: q.released === 'promoted' ? 'yes' : 'no' }) : q.renewed ? t('spaces.garden.renewed', { count: Number(q.renewed) || 0 }) : null;
  const v = state.values ?? { name: '', startsOn: '', endsOn: '', allocation: 'first_come' };
  const errors = state.errors ?? {};
  c.status(status);
  return c.html(
    <Layout c={c} title={t('spaces.garden.staffTitle', { name: space.name })}>
      <h1>{t('spaces.garden.staffTitle', { name: space.name })}</h1>
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
      <p>
        <a href={surface.back(space.id)}>{t(surface.backLabel)}</a>
      </p>
      <h2>{t('spaces.garden.seasons')}</h2>
      {seasons.length === 0 && <p>{t('spaces.garden.noSeasons')}</p>}
      {seasons.map((s) => (
        <GardenSeasonTables t={t} locale={c.get('locale')} csrf={c.get('csrf')} base={base} season={s} earlier={seasons.filter((x) => x.endsOn <= s.startsOn)} />
      ))}
      <h2>{t('spaces.garden.newSeason')}</h2>
      <PostForm action={`${base}/seasons`} csrf={c.get('csrf')}>
        <Field t={t} name="name" label={t('spaces.garden.field.name')} value={v.name} error={errors.name} />
        <Field t={t} name="startsOn" type="date" label={t('spaces.garden.field.startsOn')} value={v.startsOn} error={errors.startsOn} />
        <Field t={t} name="endsOn" type="date" label={t('spaces.garden.field.endsOn')} value={v.endsOn} error={errors.endsOn} />
        <SelectField
          t={t}
          name="allocation"
          label={t('spaces.garden.field.allocation')}
          value={v.allocation}
          error={errors.allocation}
          options={(['first_come', 'draw'] as const).map((m) => ({ value: m, label: t(`spaces.garden.mode.${m}`) }))}
        />
        <button type="submit">{t('spaces.garden.create')}</button>
      </PostForm>
    </Layout>,
  );
}

/** "My garden plot" for residents; plots and seasons of a garden for staff. */
export function registerGardenPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/spaces/garden', 'spaces.resident', (c) => renderResident(c, null, 200));

  const residentAction = (path: string, act: (c: Context<AppEnv>) => Promise<string>) =>
    route(app, 'POST', path, 'spaces.resident', async (c) => {
      try {
        const done = await act(c);
        deliverSoon(c.get('services'));
        return c.redirect(`/spaces/garden?done=${done}`, 303);
      } catch (e) {
        const page = pageForRefusal(c, e);
        if (page) return page;
        const err = e as SpacesError;
        return renderResident(c, c.get('t')(err.code), err.status === 409 ? 409 : 422);
      }
    });
  residentAction('/spaces/garden/seasons/:sid/apply', async (c) => {
    await applyForPlot(c.get('services').database.db, actorOf(c), c.req.param('sid') ?? '');
    return 'applied';
  });
  for (const answer of ['accept', 'decline'] as const) {
    residentAction(`/spaces/garden/renewals/:aid/${answer}`, async (c) => {
      await answerRenewal(c.get('services').database.db, actorOf(c), c.req.param('aid') ?? '', answer);
      return answer;
    });
  }

  for (const surface of SURFACES) {
    route(app, 'GET', surface.prefix, surface.permission, async (c) => {
      try {
        return await renderStaff(c, {}, 200, surface);
      } catch (e) {
        return pageForRefusal(c, e) ?? c.notFound();
      }
    });

    const staffAction = (path: string, act: (c: Context<AppEnv>) => Promise<string>) =>
      route(app, 'POST', path, surface.permission, async (c) => {
        try {
          const query = await act(c);
          deliverSoon(c.get('services'));
          return c.redirect(`${surface.base(c.req.param('id') ?? '')}?${query}`, 303);
        } catch (e) {
          const page = pageForRefusal(c, e);
          if (page) return page;
          const err = e as SpacesError & { values?: SeasonValues };
          try {
            return await renderStaff(c, { problem: c.get('t')(err.code) }, err.status === 409 ? 409 : 422, surface);
          } catch (again) {
            return pageForRefusal(c, again) ?? c.notFound();
          }
        }
      });

    route(app, 'POST', `${surface.prefix}/seasons`, surface.permission, async (c) => {
      const form = await c.req.parseBody();
      const values: SeasonValues = { name: String(form.name ?? ''), startsOn: String(form.startsOn ?? ''), endsOn: String(form.endsOn ?? ''), allocation: String(form.allocation ?? '') };
      try {
        const parsed = seasonInput.safeParse(values);
        if (!parsed.success) return await renderStaff(c, { values, errors: fieldErrors(parsed.error.issues) }, 422, surface);
        await createSeason(c.get('services').database.db, actorOf(c), c.req.param('id') ?? '', parsed.data);
        return c.redirect(`${surface.base(c.req.param('id') ?? '')}?created=1`, 303);
      } catch (e) {
        const page = pageForRefusal(c, e);
        if (page) return page;
        const err = e as SpacesError;
        return renderStaff(c, { values, errors: err.field ? { [err.field]: err.code } : {}, problem: err.field ? undefined : c.get('t')(err.code) }, 422, surface);
      }
    });
    staffAction(`${surface.prefix}/seasons/:sid/allocate`, async (c) => {
      const r = await allocatePlots(c.get('services').database.db, actorOf(c), c.req.param('id') ?? '', c.req.param('sid') ?? '');
      return `allocated=${r.allocated}`;
    });
    staffAction(`${surface.prefix}/seasons/:sid/allocations/:aid/release`, async (c) => {
      const r = await releasePlot(c.get('services').database.db, actorOf(c), c.req.param('id') ?? '', c.req.param('sid') ?? '', c.req.param('aid') ?? '');
      return `released=${r.promoted ? 'promoted' : 'free'}`;
    });
    staffAction(`${surface.prefix}/seasons/:sid/renewals`, async (c) => {
      const from = String((await c.req.parseBody()).fromSeasonId ?? '');
      const n = await offerRenewals(c.get('services').database.db, actorOf(c), c.req.param('id') ?? '', from, c.req.param('sid') ?? '');
      return `renewed=${n}`;
    });
  }
}
