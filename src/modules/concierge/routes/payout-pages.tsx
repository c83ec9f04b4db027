import type { Hono } from 'hono';
import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { listPayouts, type PayoutRow, payoutDetail } from '../queries/payouts.js';
import { providerAccount } from '../queries/provider-account.js';
import { isUuid } from '../schemas.js';
import { statementPdf } from '../views/statement-pdf.js';
import { StatementView } from '../views/statement-view.js';
import { type Ctx, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

type Side = { orgId: string; providerIds?: string[]; deskId?: string; base: string; back: string };

/** Staff read the desk's payout statements in the association's context; a provider its own, in its organisation's. */
async function sideOf(c: Ctx, staff: boolean): Promise<Side | null> {
  const actor = c.get('actor');
  if (!actor) return null;
  if (staff) {
    const desk = await deskOr404(c);
    return desk && { orgId: desk.organisation_id, deskId: desk.id, base: '/concierge/desk/payouts', back: '/concierge/desk/balances' };
  }
  const account = await providerAccount(c.get('services').database.db, actor);
  return account && { orgId: account.orgId, providerIds: account.providers.map((p) => p.id), base: '/concierge/provider/payouts', back: '/concierge/provider' };
}

function PayoutTable(props: { c: Ctx; rows: PayoutRow[]; base: string }) {
  const t = props.c.get('t');
  const f = formatters(props.c.get('locale'));
  if (!props.rows.length) return <p>{t('concierge.payouts.none')}</p>;
  return (
    <TableWrap label={t('concierge.payouts.title')}>
      <table>
        <caption>{t('concierge.payouts.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concierge.statements.number')}</th>
            <th scope="col">{t('concierge.statements.period')}</th>
            <th scope="col">{t('concierge.payment.provider')}</th>
            <th scope="col">{t('concierge.statement.gross')}</th>
            <th scope="col">{t('concierge.payouts.pdf')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`${props.base}/${r.id}`}>{t('concierge.statement.kind.payout', { number: r.number, period: r.period })}</a>
              </td>
              <td>{r.period}</td>
              <td>{r.party_name}</td>
              <td>{f.money(r.gross_cents)}</td>
              <td>
                <a href={`${props.base}/${r.id}/pdf`} download>
                  {t('concierge.payouts.pdfShort', { number: r.number })}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

async function listPage(c: Ctx, staff: boolean) {
  const t = c.get('t');
  const side = await sideOf(c, staff);
  if (!side) return errorPage(c, 404);
  const rows = await withTenant(c.get('services').database.db, { orgId: side.orgId }, (tx) => listPayouts(tx, { deskId: side.deskId, providerIds: side.providerIds }));
  return c.html(
    <Layout c={c} title={t('concierge.payouts.title')}>
      <h1>{t('concierge.payouts.title')}</h1>
      <p>{t(staff ? 'concierge.payouts.introStaff' : 'concierge.payouts.introProvider')}</p>
      <PayoutTable c={c} rows={rows} base={side.base} />
      <p>
        <a href={side.back}>{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

async function detail(c: Ctx, staff: boolean) {
  const side = await sideOf(c, staff);
  const id = param(c, 'id');
  if (!side || !isUuid(id)) return null;
  return withTenant(c.get('services').database.db, { orgId: side.orgId }, async (tx) => {
    const d = await payoutDetail(tx, id);
    if (!d || (side.providerIds && !side.providerIds.includes(d.statement.provider_id))) return null;
    return { side, d };
  });
}

async function detailPage(c: Ctx, staff: boolean) {
  const t = c.get('t');
  const found = await detail(c, staff);
  if (!found) return errorPage(c, 404);
  const { side, d } = found;
  return c.html(
    <Layout c={c} title={t('concierge.statement.kind.payout', { number: d.statement.number, period: d.statement.period })}>
      <StatementView c={c} detail={{ statement: d.statement, lines: d.lines, creditNoteId: null }} />
      <p>
        <a href={`${side.base}/${d.statement.id}/pdf`} download>
          {t('concierge.payouts.pdf')}
        </a>
      </p>
      <p>
        <a href={side.base}>{t('concierge.payouts.title')}</a>
      </p>
    </Layout>,
  );
}

/** The payout statement as a PDF attachment; the download is audited. */
async function pdf(c: Ctx, staff: boolean) {
  const side = await sideOf(c, staff);
  const id = param(c, 'id');
  if (!side || !isUuid(id)) return errorPage(c, 404);
  const d = await withTenant(c.get('services').database.db, { orgId: side.orgId }, async (tx) => {
    const found = await payoutDetail(tx, id);
    if (!found || (side.providerIds && !side.providerIds.includes(found.statement.provider_id))) return null;
    await audit(tx, { action: 'concierge.payout_statement.pdf', actor: c.get('actor'), targetType: 'concierge_payout_statement', targetId: id, details: { number: found.statement.number } });
    return found;
  });
  if (!d) return errorPage(c, 404);
  const t = c.get('t');
  const body = await statementPdf({ t, locale: c.get('locale'), issuer: d.issuer, statement: d.statement, lines: d.lines, correctsNumber: null, correctedByNumbers: [], partyLabel: t('concierge.payouts.paidTo') });
  return c.body(body, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="reversement-${d.statement.number}.pdf"`, 'cache-control': 'private, no-store' });
}

export function registerPayoutPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/payouts', 'concierge.staff', (c) => listPage(c, true));
  route(app, 'GET', '/concierge/desk/payouts/:id', 'concierge.staff', (c) => detailPage(c, true));
  route(app, 'GET', '/concierge/desk/payouts/:id/pdf', 'concierge.staff', (c) => pdf(c, true));
  route(app, 'GET', '/concierge/provider/payouts', 'concierge.provider', (c) => listPage(c, false));
  route(app, 'GET', '/concierge/provider/payouts/:id', 'concierge.provider', (c) => detailPage(c, false));
  route(app, 'GET', '/concierge/provider/payouts/:id/pdf', 'concierge.provider', (c) => pdf(c, false));
}
