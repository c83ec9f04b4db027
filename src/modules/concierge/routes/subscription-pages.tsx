import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { cancelSubscription, pauseSubscription, resumeSubscription } from '../commands/subscription-changes.js';
import type { Change } from '../domain/subscription-periods.js';
import { FieldError } from '../errors.js';
import { residentSide } from '../queries/desk.js';
import { cancelSubscriptionSchema } from '../schemas.js';
import { cardPage } from './counter-pages.js';
import { type Ctx, failure, formOf, param } from './helpers.js';
import { renderHome } from './resident-pages.js';

type Act = (db: Db, actor: Actor, subscriptionId: string, form: Record<string, string>) => Promise<Change>;

const ACTIONS: Record<string, Act> = {
  pause: (db, actor, id) => pauseSubscription(db, actor, id),
  resume: (db, actor, id) => resumeSubscription(db, actor, id),
  cancel: (db, actor, id, form) => {
    const parsed = cancelSubscriptionSchema.safeParse(form);
    if (!parsed.success) throw new FieldError('endsOn', 'concierge.error.endsOn');
    return cancelSubscription(db, actor, id, parsed.data.endsOn);
  },
};

async function run(c: Ctx, subscriptionId: string, action: string, done: string, retry: (form: Record<string, string>, errors: Record<string, string>) => Promise<Response>, back: string) {
  const form = await formOf(c);
  try {
    const change = await ACTIONS[action](c.get('services').database.db, c.get('actor') as Actor, subscriptionId, form);
    return c.redirect(`${done}?done=sub.${change.kind}`, 303);
  } catch (e) {
    if (e instanceof FieldError) return retry(form, { [e.field]: e.key });
    return failure(c, e, back);
  }
}

/** Pause, resume and cancel: by the resident on their page, or by the concierge on the counter card. */
export function registerSubscriptionPages(app: Hono<AppEnv>): void {
  for (const action of Object.keys(ACTIONS)) {
    route(app, 'POST', `/concierge/subscription/${action}`, 'concierge.use', async (c) => {
      const actor = c.get('actor');
      const side = actor ? await residentSide(c.get('services').database.db, actor) : null;
      if (!side?.subscription) return errorPage(c, 404);
      return run(c, side.subscription.id, action, '/concierge', (values, errors) => renderHome(c, undefined, { errors, values }), '/concierge');
    });
    route(app, 'POST', `/concierge/desk/counter/:sid/subscription/${action}`, 'concierge.staff', (c) => {
      const sid = param(c, 'sid');
      return run(c, sid, action, `/concierge/desk/counter/${sid}`, (values, errors) => cardPage(c, sid, values, errors), `/concierge/desk/counter/${sid}`);
    });
  }
}
