import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { issueStatements } from '../commands/issue-statements.js';
import { listStatements } from '../queries/statements.js';
import { statementsCsv } from '../queries/statements-csv.js';
import { audit } from '../../../platform/audit/audit.js';
import { periodSchema, runPeriodSchema } from '../schemas.js';
import { type Ctx, failure, formOf, param, Notice } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

async function listPage(c: Ctx, values: Record<string, string> = {}, errors: Record<string, string> = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const f = formatters(c.get('locale'));
  const rows = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => listStatements(tx, { deskId: desk.id }));
  if (Object.keys(errors).length) c.status(422);
  return c.html(
    <Layout c={c} title={t('concierge.statements.title')}>
      <h1>{t('concierge.statements.title')}</h1>
      <Notice c={c} keyName={c.req.query('issued') !== undefined ? 'concierge.notice.issued' : undefined} values={{ count: Number(c.req.query('issued') ?? 0) }} />
      <ErrorSummary t={t} errors={errors} labels={{ period: t('concierge.statements.period') }} />
      <PostForm action="/concierge/desk/statements/run" csrf={c.get('csrf')}>
        <Field t={t} name="period" label={t('concierge.statements.period')} hint={t('concierge.statements.periodHint')} value={values.period ?? lastMonth()} error={errors.period} />
        <button type="submit">{t('concierge.statements.run')}</button>
      </PostForm>
      <p>
        <a href="/concierge/desk/balances">{t('concierge.balances.title')}</a>
      </p>
      <p>
        <a href={`/concierge/desk/statements-export.csv?period=${values.period ?? lastMonth()}`} download>
          {t('concierge.statements.csv', { period: values.period ?? lastMonth() })}
        </a>
      </p>
      <TableWrap label={t('concierge.statements.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('concierge.statements.number')}</th>
              <th scope="col">{t('concierge.statements.period')}</th>
              <th scope="col">{t('concierge.statements.party')}</th>
              <th scope="col">{t('concierge.statement.gross')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr>
                <td>
                  <a href={`/concierge/desk/statements/${s.id}`}>
                    {t(`concierge.statement.kind.${s.kind}`, {
                      number: s.number,
                      period: s.period,
                    })}
                  </a>
                </td>
                <td>{s.period}</td>
                <td>{s.party_name}</td>
                <td>{f.money(s.gross_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Layout>,
  );
}

export function registerStatementPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/statements', 'concierge.staff', (c) => listPage(c));

  route(app, 'POST', '/concierge/desk/statements/run', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = runPeriodSchema.safeParse(form);
    if (!parsed.success) return listPage(c, form, { period: parsed.error.issues[0]?.message ?? 'concierge.error.period' });
    try {
      const { issued } = await issueStatements(c.get('services').database.db, c.get('actor') as never, parsed.data.period);
      return c.redirect(`/concierge/desk/statements?issued=${issued}`, 303);
    } catch (e) {
      return failure(c, e, '/concierge/desk/statements');
    }
  });

  route(app, 'GET', '/concierge/desk/statements-export.csv', 'concierge.staff', async (c) => {
    const desk = await deskOr404(c);
    const parsed = periodSchema.safeParse({ period: c.req.query('period') ?? '' });
    if (!desk || !parsed.success) return errorPage(c, 404);
    const csv = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => {
      await audit(tx, { action: 'concierge.statements.exported', actor: c.get('actor'), targetType: 'concierge_desk', targetId: desk.id, details: { period: parsed.data.period } });
      return statementsCsv(tx, desk.id, parsed.data.period);
    });
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="releves-${parsed.data.period}.csv"` });
  });
}
