import { randomUUID } from 'node:crypto';
import { deliverSoon } from '../../../platform/notify/index.js';
import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { PostForm, SelectField } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { creditableLines, issueCreditNote } from '../commands/issue-statements.js';
import { recordProviderPayout, recordStatementPayment, reversePayment } from '../commands/record-payment.js';
import { eurosToCents } from '../domain/payments.js';
import { FieldError } from '../errors.js';
import { providerBalances, statementMoney, unpaidStatements } from '../queries/balances.js';
import { listReceipts } from '../queries/receipts.js';
import { statementDetail } from '../queries/statements.js';
import { isUuid, paymentSchema, reversalSchema } from '../schemas.js';
import { PaymentForm, type PaymentFormState, PaymentsTable, ReceiptLinks } from '../views/payments.js';
import { CreditForm, type CreditFormState, parseCreditForm } from '../views/credit-form.js';
import { StatementView } from '../views/statement-view.js';
import { type Ctx, failure, formOf, Notice, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';
import { sendStatementPdf } from './statement-pdf.js';

const EMPTY: PaymentFormState = { values: {}, errors: {} };

/** The form's fields as a payment: euros read into cents; every bad field named. */
export function parsePayment(form: Record<string, string>) {
  const cents = eurosToCents(form.amount ?? '');
  const parsed = paymentSchema.safeParse({ ...form, amountCents: cents ?? Number.NaN });
  const errors: Record<string, string> = {};
  if (cents === null) errors.amount = /^\s*-/.test(form.amount ?? '') ? 'concierge.error.amountPositive' : 'concierge.error.amount';
  if (!parsed.success) for (const i of parsed.error.issues) errors[i.path[0] === 'amountCents' ? 'amount' : String(i.path[0])] ??= i.message;
  return parsed.success && !Object.keys(errors).length ? { data: parsed.data } : { errors };
}

async function statementPage(c: Ctx, id: string, state: PaymentFormState = EMPTY, credit: CreditFormState = EMPTY) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk || !isUuid(id)) return errorPage(c, 404);
  const data = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => {
    const detail = await statementDetail(tx, id, null);
    if (!detail) return null;
    const isStatement = detail.statement.kind === 'statement';
    return {
      detail,
      money: isStatement ? await statementMoney(tx, id) : null,
      receipts: await listReceipts(tx, { statementId: id }),
      creditable: isStatement ? (await creditableLines(tx, id)).filter((l) => l.quantity > 0) : [],
    };
  });
  if (!data) return errorPage(c, 404);
  const { detail, money, receipts, creditable } = data;
  const f = formatters(c.get('locale'));
  if (Object.keys(state.errors).length || Object.keys(credit.errors).length) c.status(422);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={t('concierge.statement.title')}>
      <Notice c={c} keyName={done ? `concierge.notice.${done}` : undefined} />
      <StatementView c={c} detail={detail} />
      <p>
        <a href={`/concierge/desk/statements/${id}/pdf`} download>
          {t('concierge.statement.pdf')}
        </a>
      </p>
      {detail.creditNotes.length > 0 && (
        <section aria-labelledby="credits-title">
          <h2 id="credits-title">{t('concierge.credit.listTitle')}</h2>
          <ul>
            {detail.creditNotes.map((n) => (
              <li>
                <a href={`/concierge/desk/statements/${n.id}`}>{t('concierge.statement.kind.credit_note', { number: n.number, period: detail.statement.period })}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {creditable.length > 0 && <CreditForm c={c} action={`/concierge/desk/statements/${id}/credit`} lines={creditable} state={credit} idempotencyKey={randomUUID()} />}
      {money && (
        <section aria-labelledby="payments-title">
          <h2 id="payments-title">{t('concierge.payment.title')}</h2>
          <p id="outstanding">{t('concierge.payment.outstanding', { amount: f.money(money.outstandingCents) })}</p>
          <PaymentsTable c={c} payments={money.payments} reverseAction={(p) => `/concierge/desk/payments/${p}/reverse`} reverseKey={randomUUID()} />
          <ReceiptLinks c={c} receipts={receipts} base="/concierge/desk/receipts" />
          {money.outstandingCents > 0 && (
            <PaymentForm c={c} action={`/concierge/desk/statements/${id}/payments`} legend={t('concierge.payment.legend')} owedCents={money.outstandingCents} state={state} idempotencyKey={randomUUID()} />
          )}
        </section>
      )}
      <p>
        <a href="/concierge/desk/balances">{t('concierge.balances.title')}</a> · <a href="/concierge/desk/statements">{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

async function balancesPage(c: Ctx, state: PaymentFormState = EMPTY) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const f = formatters(c.get('locale'));
  const { unpaid, providers } = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => ({
    unpaid: await unpaidStatements(tx, desk.id),
    providers: await providerBalances(tx, desk.id),
  }));
  if (Object.keys(state.errors).length) c.status(422);
  const owing = providers.filter((p) => p.remaining_cents > 0);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={t('concierge.balances.title')}>
      <h1>{t('concierge.balances.title')}</h1>
      <Notice c={c} keyName={done ? `concierge.notice.${done}` : undefined} />
      <h2>{t('concierge.balances.unpaid')}</h2>
      {unpaid.length === 0 ? (
        <p>{t('concierge.balances.allPaid')}</p>
      ) : (
        <TableWrap label={t('concierge.balances.unpaid')}>
          <table>
            <caption>{t('concierge.balances.unpaidCaption', { total: f.money(unpaid.reduce((s, u) => s + u.outstanding_cents, 0)) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('concierge.statements.number')}</th>
                <th scope="col">{t('concierge.statements.period')}</th>
                <th scope="col">{t('concierge.statements.party')}</th>
                <th scope="col">{t('concierge.statement.gross')}</th>
                <th scope="col">{t('concierge.balances.settled')}</th>
                <th scope="col">{t('concierge.balances.outstanding')}</th>
              </tr>
            </thead>
            <tbody>
              {unpaid.map((s) => (
                <tr>
                  <td>
                    <a href={`/concierge/desk/statements/${s.id}`}>{t('concierge.statement.kind.statement', { number: s.number, period: s.period })}</a>
                  </td>
                  <td>{s.period}</td>
                  <td>{s.party_name}</td>
                  <td>{f.money(s.gross_cents)}</td>
                  <td>{f.money(s.settled_cents)}</td>
                  <td>{f.money(s.outstanding_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('concierge.balances.providers')}</h2>
      {providers.length === 0 ? (
        <p>{t('concierge.balances.noProviders')}</p>
      ) : (
        <TableWrap label={t('concierge.balances.providers')}>
          <table>
            <caption>{t('concierge.balances.providersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('concierge.payment.provider')}</th>
                <th scope="col">{t('concierge.balances.owed')}</th>
                <th scope="col">{t('concierge.balances.paidOut')}</th>
                <th scope="col">{t('concierge.balances.remaining')}</th>
              </tr>
            </thead>
            <tbody>
              {providers.map((p) => (
                <tr>
                  <th scope="row">{p.name}</th>
                  <td>{f.money(p.owed_cents)}</td>
                  <td>{f.money(p.paid_cents)}</td>
                  <td>{f.money(p.remaining_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {owing.length > 0 && (
        <PaymentForm c={c} action="/concierge/desk/balances/payouts" legend={t('concierge.payout.legend')} owedCents={owing.reduce((s, p) => s + p.remaining_cents, 0)} state={state} idempotencyKey={randomUUID()}>
          <SelectField
            t={t}
            name="providerId"
            label={t('concierge.payment.provider')}
            value={state.values.providerId ?? owing[0].id}
            options={owing.map((p) => ({ value: p.id, label: t('concierge.payout.option', { name: p.name, amount: f.money(p.remaining_cents) }) }))}
            error={state.errors.providerId}
          />
        </PaymentForm>
      )}
      <p>
        <a href="/concierge/desk/statements">{t('concierge.statements.title')}</a> · <a href="/concierge/desk/payouts">{t('concierge.payouts.title')}</a>
      </p>
    </Layout>,
  );
}

export function registerPaymentPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/statements/:id', 'concierge.staff', (c) => statementPage(c, param(c, 'id')));

  route(app, 'GET', '/concierge/desk/statements/:id/pdf', 'concierge.staff', async (c) => {
    const desk = await deskOr404(c);
    return desk ? sendStatementPdf(c, param(c, 'id'), desk.organisation_id, null) : errorPage(c, 404);
  });

  route(app, 'POST', '/concierge/desk/statements/:id/payments', 'concierge.staff', async (c) => {
    const id = param(c, 'id');
    const form = await formOf(c);
    const parsed = parsePayment(form);
    if (!parsed.data) return statementPage(c, id, { values: form, errors: parsed.errors });
    try {
      await recordStatementPayment(c.get('services').database.db, c.get('actor') as never, id, parsed.data, undefined, c.get('services').config.publicUrl);
      deliverSoon(c.get('services'));
      return c.redirect(`/concierge/desk/statements/${id}?done=paid`, 303);
    } catch (e) {
      if (e instanceof FieldError) return statementPage(c, id, { values: form, errors: { [e.field]: e.key } });
      return failure(c, e, `/concierge/desk/statements/${id}`);
    }
  });

  route(app, 'POST', '/concierge/desk/statements/:id/credit', 'concierge.staff', async (c) => {
    const id = param(c, 'id');
    const form = await formOf(c);
    const db = c.get('services').database.db;
    const desk = await deskOr404(c);
    if (!desk || !isUuid(id)) return errorPage(c, 404);
    const lines = await withTenant(db, { orgId: desk.organisation_id }, (tx) => creditableLines(tx, id));
    const parsed = parseCreditForm(form, lines);
    if (Object.keys(parsed.errors).length) return statementPage(c, id, EMPTY, { values: form, errors: parsed.errors });
    try {
      const credit = await issueCreditNote(db, c.get('actor') as never, id, { quantities: parsed.quantities, reason: form.reason, idempotencyKey: form.idempotencyKey || undefined });
      return c.redirect(`/concierge/desk/statements/${credit}?done=credited`, 303);
    } catch (e) {
      if (e instanceof FieldError) return statementPage(c, id, EMPTY, { values: form, errors: { [e.field]: e.key } });
      return failure(c, e, `/concierge/desk/statements/${id}`);
    }
  });

  route(app, 'POST', '/concierge/desk/payments/:id/reverse', 'concierge.staff', async (c) => {
    const parsed = reversalSchema.safeParse(await formOf(c));
    if (!parsed.success) return errorPage(c, 404);
    try {
      const r = await reversePayment(c.get('services').database.db, c.get('actor') as never, param(c, 'id'), parsed.data.idempotencyKey);
      return c.redirect(r.statementId ? `/concierge/desk/statements/${r.statementId}?done=reversed` : '/concierge/desk/balances?done=reversed', 303);
    } catch (e) {
      return failure(c, e, '/concierge/desk/balances');
    }
  });

  route(app, 'GET', '/concierge/desk/balances', 'concierge.staff', (c) => balancesPage(c));

  route(app, 'POST', '/concierge/desk/balances/payouts', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = parsePayment(form);
    if (!isUuid(form.providerId ?? '')) return balancesPage(c, { values: form, errors: { ...(parsed.errors ?? {}), providerId: 'concierge.error.provider' } });
    if (!parsed.data) return balancesPage(c, { values: form, errors: parsed.errors });
    try {
      await recordProviderPayout(c.get('services').database.db, c.get('actor') as never, form.providerId, parsed.data);
      return c.redirect('/concierge/desk/balances?done=paidOut', 303);
    } catch (e) {
      if (e instanceof FieldError) return balancesPage(c, { values: form, errors: { [e.field]: e.key } });
      return failure(c, e, '/concierge/desk/balances');
    }
  });
}
