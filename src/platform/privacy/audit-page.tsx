import type { Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { errorPage, HttpError } from '../http/errors.js';
import { route } from '../http/routes.js';
import { formatters } from '../i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, SelectField } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { TableWrap } from '../ui/table.js';
import { csvCell } from './csv.js';
import { AUDIT_PERMISSION, type AuditFilter, auditActions, auditActors, detailsText, exportAudit, parseAuditFilter, type ReviewRow, reviewAudit } from './audit-review.js';

const BASE = '/admin/privacy/audit';

const queryString = (f: AuditFilter, page?: number) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && !(k === 'action' && v === 'accesses')) p.set(k, v);
  if (page && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** The data-protection officer's review of the audit log: who accessed which record, when. */
export function registerAuditReview(app: Hono<AppEnv>): void {
  route(app, 'GET', BASE, AUDIT_PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const db = c.get('services').database.db;
    const { filter, errors } = parseAuditFilter(c.req.query());
    const page = Math.min(10_000, Math.max(1, Math.floor(Number(c.req.query('page'))) || 1));
    try {
      const [staff, actions] = await Promise.all([auditActors(db, actor), auditActions(db, actor)]);
      const ok = Object.keys(errors).length === 0;
      const result = ok ? await reviewAudit(db, actor, filter, page) : { rows: [], more: false };
      return view(c, filter, errors, staff, actions, result.rows, page, result.more, ok ? 200 : 422);
    } catch (e) {
      if (e instanceof HttpError && e.status === 403) return errorPage(c, 403);
      throw e;
    }
  });

  route(app, 'GET', `${BASE}/export.csv`, AUDIT_PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const { filter, errors } = parseAuditFilter(c.req.query());
    if (Object.keys(errors).length) return c.redirect(`${BASE}${queryString(filter)}`, 303);
    try {
      const rows = await exportAudit(c.get('services').database.db, actor, filter);
      const head = ['at', 'staff', 'acting_for', 'action', 'record_type', 'record_id', 'details'].map((k) => t(`privacy.audit.csv.${k}`));
      const lines = rows.map((r) => [r.at.toISOString(), r.actor_name ?? '', r.acting_for_name ?? '', r.action, r.target_type ?? '', r.target_id ?? '', detailsText(r.details)]);
      const body = `\ufeff${[head, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="palier-journal-acces.csv"');
      c.header('cache-control', 'no-store');
      return c.body(body);
    } catch (e) {
      if (e instanceof HttpError && e.status === 403) return errorPage(c, 403);
      throw e;
    }
  });
}

function view(
  c: Context<AppEnv>,
  filter: AuditFilter,
  errors: FieldErrors,
  staff: { id: string; name: string }[],
  actions: string[],
  rows: ReviewRow[],
  page: number,
  more: boolean,
  status: 200 | 422,
) {
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const labels = { person: t('privacy.audit.person'), staff: t('privacy.audit.staff'), from: t('privacy.audit.from'), to: t('privacy.audit.to'), action: t('privacy.audit.action') };
  c.status(status);
  return c.html(
    <Layout c={c} title={t('privacy.audit.title')}>
      <h1>{t('privacy.audit.title')}</h1>
      <p>{t('privacy.audit.intro')}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="get" action={BASE} role="search" aria-label={t('privacy.audit.filters')}>
        <Field t={t} name="person" label={labels.person} hint={t('privacy.audit.personHint')} value={filter.person} error={errors.person} autocomplete="off" />
        <SelectField t={t} name="staff" label={labels.staff} value={filter.staff} error={errors.staff} options={[{ value: '', label: t('privacy.audit.anyone') }, ...staff.map((s) => ({ value: s.id, label: s.name }))]} />
        <Field t={t} name="from" type="date" label={labels.from} hint={t('privacy.audit.dayHint')} value={filter.from} error={errors.from} />
        <Field t={t} name="to" type="date" label={labels.to} hint={t('privacy.audit.dayHint')} value={filter.to} error={errors.to} />
        <SelectField
          t={t}
          name="action"
          label={labels.action}
          value={filter.action}
          error={errors.action}
          options={[{ value: 'accesses', label: t('privacy.audit.accesses') }, { value: 'all', label: t('privacy.audit.all') }, ...actions.map((a) => ({ value: a, label: a }))]}
        />
        <button type="submit">{t('privacy.audit.filter')}</button>
      </form>
      {status === 200 && (
        <>
          <p>
            <a href={`${BASE}/export.csv${queryString(filter)}`} download>
              {t('privacy.audit.export')}
            </a>
          </p>
          <p role="status">{t('privacy.audit.count', { count: rows.length, page })}</p>
          {rows.length === 0 ? (
            <p>{t('privacy.audit.empty')}</p>
          ) : (
            <TableWrap label={t('privacy.audit.title')}>
              <table>
                <caption>{t('privacy.audit.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('privacy.audit.col.at')}</th>
                    <th scope="col">{t('privacy.audit.col.staff')}</th>
                    <th scope="col">{t('privacy.audit.col.action')}</th>
                    <th scope="col">{t('privacy.audit.col.record')}</th>
                    <th scope="col">{t('privacy.audit.col.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>{f.dateTime(r.at)}</td>
                      <td>
                        {r.actor_name ?? '—'}
                        {r.acting_for_name ? ` → ${r.acting_for_name}` : ''}
                      </td>
                      <td>{r.action}</td>
                      <td>{r.target_type ? `${r.target_type} ${r.target_id ?? ''}` : '—'}</td>
                      <td>{detailsText(r.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <nav aria-label={t('privacy.audit.paging')}>
            {page > 1 && <a href={`${BASE}${queryString(filter, page - 1)}`}>{t('privacy.audit.previous')}</a>}{' '}
            {more && <a href={`${BASE}${queryString(filter, page + 1)}`}>{t('privacy.audit.next')}</a>}
          </nav>
        </>
      )}
    </Layout>,
  );
}
