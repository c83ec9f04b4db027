import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { stepUp, stepUpFor } from '../commands/step-up.js';
import { type StepUpTarget, stepUpNext, stepUpTargetOf } from '../domain/step-up.js';
import { StepUpPage } from '../views/step-up.js';
import { ctx, formValues, param } from './respond.js';

/**
 * Before any page or action on a case of a sensitive programme, or on a commission session of one
 * (its dossiers carry a household's rent, resources and situation): the person gives a code from
 * their app once per session (or, in production, enrols a second factor first).
 */
const requireStepUp =
  (kind: StepUpTarget['kind']): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const actor = c.get('actor');
    const session = c.get('session');
    if (actor?.kind !== 'user') return next();
    const { config, database } = c.get('services');
    const id = param(c as unknown as Context<AppEnv>, 'id');
    const need = await stepUpFor(database.db, actor, session?.token_hash ?? null, { kind, id }, config.env === 'production');
    if (need === 'ok') return next();
    // A signed-in browser calling the API meets the same gate (403 in the API's error shape); an API token is not stepped up.
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'forbidden' }, 403);
    if (need === 'enrol') return c.redirect('/account/mfa', 303);
    const back = kind === 'session' ? `/support/sessions/${id}` : `/support/cases/${id}`;
    return c.redirect(`/support/verify?next=${encodeURIComponent(back)}`, 303);
  };

/** The gate on every /support/cases/{id} and /support/sessions/{id} route, pages and API; registered before the routes themselves. */
export function registerStepUpGate(app: Hono<AppEnv>): void {
  const onCase = requireStepUp('case');
  const onSession = requireStepUp('session');
  app.use('/support/cases/:id', onCase);
  app.use('/support/cases/:id/*', onCase);
  app.use('/api/v1/support/cases/:id', onCase);
  app.use('/api/v1/support/cases/:id/*', onCase);
  app.use('/support/sessions/:id', onSession);
  app.use('/support/sessions/:id/*', onSession);
  app.use('/api/v1/support/sessions/:id', onSession);
  app.use('/api/v1/support/sessions/:id/*', onSession);
  // Corrections of a decision are API only: a browser session meets the gate as on the session.
  app.use('/api/v1/support/decisions/:id/*', requireStepUp('decision'));
}

export function registerStepUpPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/verify', 'support.stepup', (c) => c.html(<StepUpPage c={c} next={stepUpNext(c.req.query('next'))} errors={{}} />));

  route(app, 'POST', '/support/verify', 'support.stepup', async (c) => {
    const { db } = ctx(c);
    const actor = c.get('actor') as Actor;
    const session = c.get('session');
    const values = await formValues(c);
    const next = stepUpNext(values.next);
    if (!session) return c.redirect('/signin', 303);
    const r = await stepUp(db, actor, session.token_hash, (values.code ?? '').trim().slice(0, 20), stepUpTargetOf(next));
    if (r.ok) return c.redirect(next, 303);
    c.status(422);
    return c.html(<StepUpPage c={c} next={next} errors={r.errors} />);
  });
}
