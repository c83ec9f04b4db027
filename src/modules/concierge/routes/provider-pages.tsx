import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { actOnRequest } from '../commands/act-on-request.js';
import { flushRequestNotices } from '../commands/notices.js';
import type { RequestEvent } from '../domain/request-status.js';
import { FieldError } from '../errors.js';
import { providerAccount } from '../queries/provider-account.js';
import { providerQueue, requestDetail } from '../queries/requests.js';
import { actSchema, isUuid } from '../schemas.js';
import { ProviderQueue } from '../views/provider-queue.js';
import { RequestView } from '../views/request-view.js';
import { type Ctx, failure, formOf, Notice, param } from './helpers.js';

const PROVIDER_EVENTS: RequestEvent[] = ['accept', 'decline', 'complete'];

async function accountOf(c: Ctx) {
  const actor = c.get('actor');
  return actor ? providerAccount(c.get('services').database.db, actor) : null;
}

async function requestPage(c: Ctx, errors: Record<string, string> = {}) {
  const t = c.get('t');
  const account = await accountOf(c);
  const id = param(c, 'id');
  if (!account || !isUuid(id)) return errorPage(c, 404);
  const providerIds = account.providers.map((p) => p.id);
  const detail = await withTenant(c.get('services').database.db, { orgId: account.orgId }, (tx) => requestDetail(tx, id, null, providerIds));
  if (!detail) return errorPage(c, 404);
  if (Object.keys(errors).length) c.status(422);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={t('concierge.request.title')}>
      <h1>{t('concierge.request.title')}</h1>
      <Notice c={c} keyName={done && PROVIDER_EVENTS.includes(done as RequestEvent) ? `concierge.provider.notice.${done}` : undefined} />
      <RequestView c={c} detail={detail} side="provider" actionBase={`/concierge/provider/requests/${id}`} errors={errors} />
      <p>
        <a href="/concierge/provider">{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

/** The provider's own account: its queue, and accept / decline with a reason / done. */
export function registerProviderPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/provider', 'concierge.provider', async (c) => {
    const t = c.get('t');
    const account = await accountOf(c);
    if (!account) {
      return c.html(
        <Layout c={c} title={t('concierge.provider.title')}>
          <h1>{t('concierge.provider.title')}</h1>
          <p>{t('concierge.provider.noAccount')}</p>
        </Layout>,
      );
    }
    const rows = await withTenant(c.get('services').database.db, { orgId: account.orgId }, (tx) =>
      providerQueue(
        tx,
        account.providers.map((p) => p.id),
      ),
    );
    return c.html(
      <Layout c={c} title={t('concierge.provider.title')}>
        <h1>{t('concierge.provider.title')}</h1>
        <ProviderQueue c={c} rows={rows} providerNames={account.providers.map((p) => p.name)} />
        <p>
          <a href="/concierge/provider/payouts">{t('concierge.payouts.title')}</a>
        </p>
      </Layout>,
    );
  });

  route(app, 'GET', '/concierge/provider/requests/:id', 'concierge.provider', (c) => requestPage(c));

  route(app, 'POST', '/concierge/provider/requests/:id/:event', 'concierge.provider', async (c) => {
    const event = param(c, 'event') as RequestEvent;
    const account = await accountOf(c);
    if (!account || !PROVIDER_EVENTS.includes(event)) return errorPage(c, 404);
    const parsed = actSchema.safeParse(await formOf(c));
    if (!parsed.success) return requestPage(c, { reason: 'concierge.error.reason' });
    const back = `/concierge/provider/requests/${param(c, 'id')}`;
    try {
      await actOnRequest(c.get('services').database.db, c.get('actor') as never, param(c, 'id'), event, { reason: parsed.data.reason });
      // The associations it works for tell the households, in their own context.
      for (const orgId of new Set(account.providers.map((p) => p.organisation_id))) await flushRequestNotices(c.get('services').database.db, orgId);
      deliverSoon(c.get('services'));
      return c.redirect(`${back}?done=${event}`, 303);
    } catch (e) {
      if (e instanceof FieldError) return requestPage(c, { [e.field]: e.key });
      return failure(c, e, back);
    }
  });
}
