import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { actOnRequest } from '../commands/act-on-request.js';
import { orderOnline } from '../commands/create-request.js';
import { subscribeOnline } from '../commands/subscribe.js';
import { FieldError } from '../errors.js';
import { parcelsOf } from '../queries/counter.js';
import { residentSide, residentSideIn } from '../queries/desk.js';
import { getCatalogueItem, listCatalogue, listPlans, officeHours, ordererOf, orderableBy } from '../queries/offer.js';
import { requestDetail, requestsOfHousehold } from '../queries/requests.js';
import { listStatements, statementDetail } from '../queries/statements.js';
import { householdBalance } from '../queries/balances.js';
import { listReceipts } from '../queries/receipts.js';
import { subscriptionPanel } from '../queries/subscription-panel.js';
import { actSchema, isUuid, orderSchema, subscribeSchema } from '../schemas.js';
import { CatalogueList } from '../views/catalogue.js';
import { OrderForm } from '../views/order-form.js';
import { RequestView } from '../views/request-view.js';
import { ResidentHome } from '../views/resident-home.js';
import { StatementView } from '../views/statement-view.js';
import { type Ctx, failure, formOf, param, Notice } from './helpers.js';
import { sendStatementPdf } from './statement-pdf.js';

async function sideOrFail(c: Ctx) {
  const actor = c.get('actor');
  if (!actor) return null;
  return residentSide(c.get('services').database.db, actor);
}

/** The resident's page; `error` is the subscribe form's, `sub` the subscription panel's errors and values. */
export async function renderHome(c: Ctx, error?: string, sub: { errors: Record<string, string>; values: Record<string, string> } = { errors: {}, values: {} }) {
  const t = c.get('t');
  const actor = c.get('actor');
  if (!actor?.orgId) return errorPage(c, 404);
  const { db } = c.get('services').database;
  // One transaction for the whole page (the side, then its data): three before, each a begin and a commit more.
  const data = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const side = await residentSideIn(tx, actor);
    if (!side) return null;
    const householdId = side.card.householdId;
    const landlord = await tx.selectFrom('organisations').select('name').where('id', '=', side.landlordId).executeTakeFirstOrThrow();
    const desk = side.desk;
    return {
      side,
      landlordName: landlord.name as string,
      hours: desk ? await officeHours(tx, desk.id) : { hours: [], closures: [] },
      plans: desk ? await listPlans(tx, desk.id) : [],
      parcels: await parcelsOf(tx, { householdId }, true),
      requests: await requestsOfHousehold(tx, householdId),
      statements: await listStatements(tx, { householdId }),
      balance: await householdBalance(tx, householdId),
      receipts: await listReceipts(tx, { householdId }),
      idempotencyKey: randomUUID(),
      error,
      panel: side.subscription ? await subscriptionPanel(tx, side.subscription.id) : null,
      sub,
    };
  });
  if (!data) return errorPage(c, 404);
  if (error) c.status(error.includes('already') ? 409 : 422);
  if (Object.keys(sub.errors).length) c.status(422);
  return c.html(
    <Layout c={c} title={t('concierge.home.title')}>
      <h1>{t('concierge.home.title')}</h1>
      <Notice c={c} keyName={c.req.query('done') ? `concierge.notice.${c.req.query('done')}` : undefined} />
      <ResidentHome c={c} data={data} />
    </Layout>,
  );
}

export function registerResidentPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge', 'concierge.use', (c) => renderHome(c));

  route(app, 'POST', '/concierge/subscribe', 'concierge.use', async (c) => {
    const parsed = subscribeSchema.safeParse(await formOf(c));
    if (!parsed.success) return renderHome(c, 'concierge.error.plan');
    try {
      await subscribeOnline(c.get('services').database.db, c.get('actor') as never, parsed.data);
      return c.redirect('/concierge?done=subscribed', 303);
    } catch (e) {
      if (e instanceof FieldError) return renderHome(c, e.key);
      return failure(c, e, '/concierge');
    }
  });

  route(app, 'GET', '/concierge/services', 'concierge.use', async (c) => {
    const t = c.get('t');
    const side = await sideOrFail(c);
    if (!side?.desk) return errorPage(c, 404);
    const deskId = side.desk.id;
    const all = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => listCatalogue(tx, deskId, { activeOnly: true }));
    // Only what this household may order (its plan, its residence; never the concierge's own services).
    const items = orderableBy(all, ordererOf(side), 'online');
    return c.html(
      <Layout c={c} title={t('concierge.services.title')}>
        <h1>{t('concierge.services.title')}</h1>
        <p>{t('concierge.services.intro')}</p>
        <CatalogueList c={c} items={items} orderable={!!side.subscription} />
      </Layout>,
    );
  });

  const orderPage = async (c: Ctx, values: Record<string, string>, errors: Record<string, string>) => {
    const t = c.get('t');
    const side = await sideOrFail(c);
    const id = param(c, 'id');
    if (!side?.desk || !isUuid(id)) return errorPage(c, 404);
    const deskId = side.desk.id;
    const item = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => getCatalogueItem(tx, deskId, id));
    if (!item || orderableBy([item], ordererOf(side), 'online').length === 0) return errorPage(c, 404);
    if (Object.keys(errors).length) c.status(422);
    return c.html(
      <Layout c={c} title={t('concierge.order.title')}>
        <OrderForm c={c} item={item} action={`/concierge/services/${id}`} values={values} errors={errors} subscribed={!!side.subscription} />
      </Layout>,
    );
  };

  route(app, 'GET', '/concierge/services/:id', 'concierge.use', (c) => orderPage(c, {}, {}));

  route(app, 'POST', '/concierge/services/:id', 'concierge.use', async (c) => {
    const form = await formOf(c);
    const parsed = orderSchema.safeParse(form);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      return orderPage(c, form, errors);
    }
    try {
      const id = await orderOnline(c.get('services').database.db, c.get('actor') as never, param(c, 'id'), parsed.data);
      return c.redirect(`/concierge/requests/${id}?done=ordered`, 303);
    } catch (e) {
      if (e instanceof FieldError) return e.field === 'catalogueId' ? errorPage(c, 404) : orderPage(c, form, { [e.field]: e.key });
      return failure(c, e, '/concierge');
    }
  });

  const requestPage = async (c: Ctx, errors: Record<string, string> = {}) => {
    const t = c.get('t');
    const side = await sideOrFail(c);
    const id = param(c, 'id');
    if (!side || !isUuid(id)) return errorPage(c, 404);
    const detail = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => requestDetail(tx, id, side.card.householdId));
    if (!detail) return errorPage(c, 404);
    if (Object.keys(errors).length) c.status(422);
    return c.html(
      <Layout c={c} title={t('concierge.request.title')}>
        <h1>{t('concierge.request.title')}</h1>
        <Notice c={c} keyName={c.req.query('done') ? `concierge.notice.${c.req.query('done')}` : undefined} />
        <RequestView c={c} detail={detail} side="resident" actionBase={`/concierge/requests/${id}`} errors={errors} />
        <p>
          <a href="/concierge">{t('concierge.back')}</a>
        </p>
      </Layout>,
    );
  };

  route(app, 'GET', '/concierge/requests/:id', 'concierge.use', (c) => requestPage(c));

  route(app, 'POST', '/concierge/requests/:id/cancel', 'concierge.use', async (c) => {
    const parsed = actSchema.safeParse(await formOf(c));
    try {
      await actOnRequest(c.get('services').database.db, c.get('actor') as never, param(c, 'id'), 'cancel', parsed.success ? parsed.data : {});
      return c.redirect(`/concierge/requests/${param(c, 'id')}?done=cancel`, 303);
    } catch (e) {
      if (e instanceof FieldError) return requestPage(c, { [e.field]: e.key });
      return failure(c, e, `/concierge/requests/${param(c, 'id')}`);
    }
  });

  route(app, 'GET', '/concierge/statements/:id/pdf', 'concierge.use', async (c) => {
    const side = await sideOrFail(c);
    return side ? sendStatementPdf(c, param(c, 'id'), side.landlordId, side.card.householdId) : errorPage(c, 404);
  });

  route(app, 'GET', '/concierge/statements/:id', 'concierge.use', async (c) => {
    const t = c.get('t');
    const side = await sideOrFail(c);
    const id = param(c, 'id');
    if (!side || !isUuid(id)) return errorPage(c, 404);
    const detail = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => statementDetail(tx, id, side.card.householdId));
    if (!detail) return errorPage(c, 404);
    return c.html(
      <Layout c={c} title={t('concierge.statement.title')}>
        <StatementView c={c} detail={detail} />
        <p>
          <a href={`/concierge/statements/${id}/pdf`} download>
            {t('concierge.statement.pdf')}
          </a>
        </p>
        <p>
          <a href="/concierge">{t('concierge.back')}</a>
        </p>
      </Layout>,
    );
  });
}
