import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { statementMoney } from '../queries/balances.js';
import { statementDetail } from '../queries/statements.js';
import { isUuid } from '../schemas.js';
import { StatementView } from '../views/statement-view.js';
import { type Ctx, param } from './helpers.js';
import { sendStatementPdf } from './statement-pdf.js';

export type LandlordStatement = {
  id: string;
  number: number;
  kind: string;
  period: string;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
  issued_at: Date;
  corrects_id: string | null;
  outstanding_cents: number | null;
};

/**
 * The statements billed to the landlord itself (its share of split subscription fees), read in the
 * landlord's own context: RLS shows it the association's rows that name it while the partnership stands.
 */
export async function landlordStatements(c: Ctx, orgId: string): Promise<LandlordStatement[]> {
  return withTenant(c.get('services').database.db, { orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('concierge_statements')
      .select(['id', 'number', 'kind', 'period', 'net_cents', 'vat_cents', 'gross_cents', 'issued_at', 'corrects_id'])
      .where('party', '=', 'landlord')
      .where('landlord_id', '=', orgId)
      .orderBy('issued_at', 'desc')
      .orderBy('number', 'desc')
      .limit(200)
      .execute();
    const out: LandlordStatement[] = [];
    for (const r of rows) out.push({ ...(r as Omit<LandlordStatement, 'outstanding_cents'>), outstanding_cents: r.kind === 'statement' ? ((await statementMoney(tx, r.id as string))?.outstandingCents ?? 0) : null });
    return out;
  });
}

/** One of the landlord's own statements (party landlord), or null. */
export async function ownStatement(c: Ctx, orgId: string, id: string) {
  if (!isUuid(id)) return null;
  return withTenant(c.get('services').database.db, { orgId }, async (tx) => {
    const own = await tx.selectFrom('concierge_statements').select('id').where('id', '=', id).where('party', '=', 'landlord').where('landlord_id', '=', orgId).executeTakeFirst();
    if (!own) return null;
    const detail = await statementDetail(tx, id, null);
    return detail && { detail, money: detail.statement.kind === 'statement' ? await statementMoney(tx, id) : null };
  });
}

export function registerLandlordPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/landlord/statements', 'concierge.landlord', async (c) => {
    const t = c.get('t');
    const orgId = c.get('actor')?.orgId;
    if (!orgId) return errorPage(c, 404);
    const f = formatters(c.get('locale'));
    const rows = await landlordStatements(c, orgId);
    const due = rows.reduce((s, r) => s + (r.outstanding_cents ?? 0), 0);
    return c.html(
      <Layout c={c} title={t('concierge.landlord.title')}>
        <h1>{t('concierge.landlord.title')}</h1>
        <p>{t('concierge.landlord.intro')}</p>
        {rows.length === 0 ? (
          <p>{t('concierge.landlord.none')}</p>
        ) : (
          <>
            <p id="landlord-due">
              <strong>{t('concierge.landlord.due', { amount: f.money(due) })}</strong>
            </p>
            <TableWrap label={t('concierge.landlord.title')}>
              <table>
                <caption>{t('concierge.landlord.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('concierge.statements.number')}</th>
                    <th scope="col">{t('concierge.statements.period')}</th>
                    <th scope="col">{t('concierge.statement.gross')}</th>
                    <th scope="col">{t('concierge.balances.outstanding')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>
                        <a href={`/concierge/landlord/statements/${r.id}`}>{t(`concierge.statement.kind.${r.kind}`, { number: r.number, period: r.period })}</a>
                      </td>
                      <td>{r.period}</td>
                      <td>{f.money(r.gross_cents)}</td>
                      <td>{r.outstanding_cents === null ? '—' : f.money(r.outstanding_cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </Layout>,
    );
  });

  route(app, 'GET', '/concierge/landlord/statements/:id', 'concierge.landlord', async (c) => {
    const t = c.get('t');
    const orgId = c.get('actor')?.orgId;
    const id = param(c, 'id');
    const data = orgId ? await ownStatement(c, orgId, id) : null;
    if (!data) return errorPage(c, 404);
    const f = formatters(c.get('locale'));
    return c.html(
      <Layout c={c} title={t('concierge.statement.title')}>
        <StatementView c={c} detail={data.detail} />
        {data.money && <p id="outstanding">{t('concierge.payment.outstanding', { amount: f.money(data.money.outstandingCents) })}</p>}
        <p>
          <a href={`/concierge/landlord/statements/${id}/pdf`} download>
            {t('concierge.statement.pdf')}
          </a>
        </p>
        <p>
          <a href="/concierge/landlord/statements">{t('concierge.landlord.title')}</a>
        </p>
      </Layout>,
    );
  });

  route(app, 'GET', '/concierge/landlord/statements/:id/pdf', 'concierge.landlord', async (c) => {
    const orgId = c.get('actor')?.orgId;
    const id = param(c, 'id');
    if (!orgId || !(await ownStatement(c, orgId, id))) return errorPage(c, 404);
    return sendStatementPdf(c, id, orgId, null);
  });
}
