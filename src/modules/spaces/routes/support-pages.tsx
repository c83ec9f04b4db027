import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { recordSupport, setSupportOutcome } from '../commands/record-support.js';
import { parisParts } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { supportLog } from '../queries/support-log.js';
import { supportInput } from '../support-schemas.js';
import { SupportForm, type SupportFormValues } from '../views/support-form.js';
import { SupportList } from '../views/support-list.js';
import { pageForRefusal } from './respond.js';

/** The facilitator's support log of a space: record a session, list the latest, set an outcome when known. */
export function registerSupportPages(app: Hono<AppEnv>): void {
  const render = async (c: Context<AppEnv>, state: { values?: SupportFormValues; errors?: Record<string, string>; problem?: string }, status: 200 | 422) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { space, entries, households } = await supportLog(c.get('services').database.db, actor, c.req.param('id') ?? '');
    const base = `/staff/spaces/${space.id}`;
    const q = c.req.query();
    const notice = q.recorded ? t('spaces.support.recorded') : q.outcome ? t('spaces.support.outcomeSaved') : null;
    c.status(status);
    return c.html(
      <Layout c={c} title={t('spaces.support.pageTitle', { name: space.name })}>
        <h1>{t('spaces.support.pageTitle', { name: space.name })}</h1>
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
          <a href={base}>{t('spaces.config.toBoard')}</a>
        </p>
        <h2>{t('spaces.support.new')}</h2>
        <SupportForm t={t} csrf={c.get('csrf')} action={`${base}/support`} households={households} values={state.values ?? { householdId: '', heldOn: parisParts(new Date()).date, minutes: '30', topic: '', outcome: '' }} errors={state.errors ?? {}} />
        <h2>{t('spaces.support.latest')}</h2>
        <SupportList t={t} locale={c.get('locale')} csrf={c.get('csrf')} base={base} entries={entries} />
      </Layout>,
    );
  };

  route(app, 'GET', '/staff/spaces/:id/support', 'spaces.support', async (c) => {
    try {
      return await render(c, {}, 200);
    } catch (e) {
      return pageForRefusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/support', 'spaces.support', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const form = await c.req.parseBody();
    const values: SupportFormValues = { householdId: String(form.householdId ?? ''), heldOn: String(form.heldOn ?? ''), minutes: String(form.minutes ?? ''), topic: String(form.topic ?? ''), outcome: String(form.outcome ?? '') };
    try {
      const parsed = supportInput.safeParse(values);
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message.includes('.') ? i.message : 'form.invalid';
        return await render(c, { values, errors }, 422);
      }
      await recordSupport(c.get('services').database.db, actor, c.req.param('id') ?? '', parsed.data);
      return c.redirect(`/staff/spaces/${c.req.param('id')}/support?recorded=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, { values, errors: { [err.field ?? 'topic']: err.code } }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/support/:sid/outcome', 'spaces.support', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const form = await c.req.parseBody();
    try {
      await setSupportOutcome(c.get('services').database.db, actor, c.req.param('id') ?? '', c.req.param('sid') ?? '', String(form.outcome ?? ''));
      return c.redirect(`/staff/spaces/${c.req.param('id')}/support?outcome=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      return render(c, { problem: c.get('t')((e as SpacesError).code) }, 422);
    }
  });
}
