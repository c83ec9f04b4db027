import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { orderAtCounter } from '../commands/create-request.js';
import { checkInParcel, handOverParcel, logVisit } from '../commands/parcels.js';
import { subscribeAtCounter } from '../commands/subscribe.js';
import { FieldError } from '../errors.js';
import { parcelsOf, searchSubscribers } from '../queries/counter.js';
import { listCatalogue, listPlans, officeHours } from '../queries/offer.js';
import { requestsOfSubscription } from '../queries/requests.js';
import { subscriptionPanel } from '../queries/subscription-panel.js';
import { unpaidStatements } from '../queries/balances.js';
import { randomUUID } from 'node:crypto';
import { recordHouseholdPayment } from '../commands/record-household-payment.js';
import { parsePayment } from './payment-pages.js';
import { PaymentForm, type PaymentFormState, UnpaidAtCounter } from '../views/payments.js';
import { counterSubscribeSchema, handOverSchema, isUuid, orderSchema, parcelSchema, visitSchema } from '../schemas.js';
import { CounterCard } from '../views/counter-card.js';
import { CounterSearch } from '../views/counter-search.js';
import { SubscriptionPanelView } from '../views/subscription-panel.js';
import { type Ctx, failure, formOf, param, Notice } from './helpers.js';
import { deskOr404, safeNext } from './staff-pages.js';

function issuesToErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? 'form')] ??= i.message.startsWith('concierge.') ? i.message : 'form.invalid';
  return out;
}

async function searchPage(c: Ctx, values: Record<string, string> = {}, errors: Record<string, string> = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const q = (c.req.query('q') ?? '').trim().slice(0, 60);
  const data = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => ({
    results: q ? await searchSubscribers(tx, desk.id, q) : [],
    plans: await listPlans(tx, desk.id),
    hours: await officeHours(tx, desk.id),
    landlords: (await tx
      .selectFrom('partnerships as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select(['o.id', 'o.name'])
      .where('p.partner_id', '=', desk.organisation_id)
      .where('o.kind', '=', 'landlord')
      .orderBy('o.name')
      .execute()) as { id: string; name: string }[],
  }));
  if (Object.keys(errors).length) c.status(errors.planId === 'concierge.error.alreadySubscribed' ? 409 : 422);
  return c.html(
    <Layout c={c} title={t('concierge.counter.title')}>
      <Notice c={c} keyName={c.req.query('done') ? `concierge.notice.${c.req.query('done')}` : undefined} />
      <CounterSearch c={c} q={q} data={data} values={values} errors={errors} />
    </Layout>,
  );
}

/** A subscriber's counter card; `errors` may hold the subscription panel's `endsOn`. */
export async function cardPage(c: Ctx, id: string, values: Record<string, string> = {}, errors: Record<string, string> = {}, payment: PaymentFormState = { values: {}, errors: {} }) {
  const desk = await deskOr404(c);
  if (!desk || !isUuid(id)) return errorPage(c, 404);
  const data = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => {
    const sub = await tx.selectFrom('concierge_subscriptions').select(['id', 'household_name', 'dwelling_reference', 'household_id', 'plan_id', 'residence_id']).where('id', '=', id).where('desk_id', '=', desk.id).executeTakeFirst();
    if (!sub) return null;
    return {
      ...(sub as {
        id: string;
        household_name: string;
        dwelling_reference: string;
        plan_id: string;
        residence_id: string;
      }),
      parcels: await parcelsOf(tx, { subscriptionId: id }, true),
      past: (await parcelsOf(tx, { subscriptionId: id }, false)).filter((p) => p.status !== 'received').slice(0, 5),
      requests: await requestsOfSubscription(tx, id),
      catalogue: await listCatalogue(tx, desk.id, { activeOnly: true }),
      panel: await subscriptionPanel(tx, id),
      unpaid: await unpaidStatements(tx, desk.id, sub.household_id as string),
    };
  });
  if (!data) return errorPage(c, 404);
  if (Object.keys(errors).length || Object.keys(payment.errors).length) c.status(422);
  const { endsOn, ...cardErrors } = errors;
  const owed = data.unpaid.reduce((s, u) => s + u.outstanding_cents, 0);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={data.household_name}>
      <Notice c={c} keyName={done ? `concierge.notice.${done}` : undefined} values={{ code: c.req.query('code') ?? '' }} />
      <CounterCard c={c} data={data} values={values} errors={cardErrors} />
      <UnpaidAtCounter c={c} unpaid={data.unpaid} />
      {data.unpaid.length > 0 && (
        <PaymentForm c={c} action={`/concierge/desk/counter/${id}/payments`} legend={c.get('t')('concierge.receipt.payAll')} owedCents={owed} state={payment} idempotencyKey={randomUUID()} />
      )}
      {data.panel && <SubscriptionPanelView c={c} panel={data.panel} actionBase={`/concierge/desk/counter/${id}/subscription`} errors={endsOn ? { endsOn } : {}} values={values} />}
      <p>
        <a href="/concierge/desk/counter">{c.get('t')('concierge.counter.backToSearch')}</a>
      </p>
    </Layout>,
  );
}

export function registerCounterPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/counter', 'concierge.staff', (c) => searchPage(c));

  route(app, 'POST', '/concierge/desk/counter/subscribe', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = counterSubscribeSchema.safeParse(form);
    if (!parsed.success) return searchPage(c, form, issuesToErrors(parsed.error.issues));
    try {
      const id = await subscribeAtCounter(c.get('services').database.db, c.get('actor') as never, parsed.data);
      return c.redirect(`/concierge/desk/counter/${id}?done=subscribed`, 303);
    } catch (e) {
      if (e instanceof FieldError) return searchPage(c, form, { [e.field]: e.key });
      return failure(c, e, '/concierge/desk/counter');
    }
  });

  route(app, 'POST', '/concierge/desk/counter/visits', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = visitSchema.safeParse(form);
    if (!parsed.success) return errorPage(c, 404);
    const sid = form.subscriptionId || null;
    try {
      await logVisit(c.get('services').database.db, c.get('actor') as never, sid, parsed.data.topic);
      return c.redirect(sid ? `/concierge/desk/counter/${sid}?done=visit` : '/concierge/desk/counter?done=visit', 303);
    } catch (e) {
      return failure(c, e, '/concierge/desk/counter');
    }
  });

  route(app, 'GET', '/concierge/desk/counter/:sid', 'concierge.staff', (c) => cardPage(c, param(c, 'sid')));

  route(app, 'POST', '/concierge/desk/counter/:sid/requests', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = orderSchema.safeParse(form);
    if (!parsed.success) return cardPage(c, param(c, 'sid'), form, issuesToErrors(parsed.error.issues));
    try {
      await orderAtCounter(c.get('services').database.db, c.get('actor') as never, param(c, 'sid'), form.catalogueId ?? '', parsed.data);
      return c.redirect(`/concierge/desk/counter/${param(c, 'sid')}?done=ordered`, 303);
    } catch (e) {
      if (e instanceof FieldError) return cardPage(c, param(c, 'sid'), form, { [e.field]: e.key });
      return failure(c, e, `/concierge/desk/counter/${param(c, 'sid')}`);
    }
  });

  // One payment for several statements, oldest first; the receipt is shown next.
  route(app, 'POST', '/concierge/desk/counter/:sid/payments', 'concierge.staff', async (c) => {
    const sid = param(c, 'sid');
    const form = await formOf(c);
    const parsed = parsePayment(form);
    if (!parsed.data) return cardPage(c, sid, {}, {}, { values: form, errors: parsed.errors });
    try {
      const receiptId = await recordHouseholdPayment(c.get('services').database.db, c.get('actor') as never, sid, parsed.data, undefined, c.get('services').config.publicUrl);
      deliverSoon(c.get('services'));
      return c.redirect(`/concierge/desk/receipts/${receiptId}?done=paid`, 303);
    } catch (e) {
      if (e instanceof FieldError) return cardPage(c, sid, {}, {}, { values: form, errors: { [e.field]: e.key } });
      return failure(c, e, `/concierge/desk/counter/${sid}`);
    }
  });

  route(app, 'POST', '/concierge/desk/counter/:sid/parcels', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = parcelSchema.safeParse(form);
    if (!parsed.success) return cardPage(c, param(c, 'sid'), form, issuesToErrors(parsed.error.issues));
    try {
      const { code } = await checkInParcel(c.get('services').database.db, c.get('actor') as never, param(c, 'sid'), parsed.data);
      deliverSoon(c.get('services'));
      return c.redirect(`/concierge/desk/counter/${param(c, 'sid')}?done=received&code=${code}`, 303);
    } catch (e) {
      return failure(c, e, `/concierge/desk/counter/${param(c, 'sid')}`);
    }
  });

  route(app, 'POST', '/concierge/desk/parcels/:pid/hand-over', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const next = safeNext(form.next) ?? '/concierge/desk/counter';
    const parsed = handOverSchema.safeParse(form);
    const retry = async (errors: Record<string, string>) => {
      const sid = /^\/concierge\/desk\/counter\/([0-9a-f-]{36})$/.exec(next)?.[1];
      if (!sid) return errorPage(c, 404);
      return cardPage(c, sid, { parcelId: param(c, 'pid') }, errors);
    };
    if (!parsed.success) return retry(issuesToErrors(parsed.error.issues));
    try {
      await handOverParcel(c.get('services').database.db, c.get('actor') as never, param(c, 'pid'), parsed.data, c.get('services').config.dataDir);
      return c.redirect(`${next}?done=handedOver`, 303);
    } catch (e) {
      if (e instanceof FieldError) return retry({ [e.field]: e.key });
      return failure(c, e, next);
    }
  });
}
