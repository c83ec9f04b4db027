import type { Hono } from 'hono';
import { authorize } from '../access/authorize.js';
import { listAudit } from '../audit/audit.js';
import { withTenant } from '../db/tenant.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { formatters } from '../i18n/index.js';
import { TableWrap } from '../ui/table.js';
import { Layout } from '../ui/layout.js';
import { adminLinksFor } from '../ui/admin-links.js';

const PAGE = 50;

/** The administration index (links added by modules) and the audit log reader. */
export function registerAdminPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin', 'admin.view', (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const links = [...adminLinksFor(actor), ...(authorize(actor, 'audit.read') === 'allow' ? [{ href: '/admin/audit', label: 'admin.audit' }] : [])];
    return c.html(
      <Layout c={c} title={t('admin.title')}>
        <h1>{t('admin.title')}</h1>
        <ul class="panels">
          {links.map((l) => (
            <li>
              <a href={l.href}>{t(l.label)}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  route(app, 'GET', '/admin/audit', 'audit.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const page = Math.max(1, Number(c.req.query('page')) || 1);
    const action = (c.req.query('action') ?? '').slice(0, 60);
    const { db } = c.get('services').database;
    const rows = await withTenant(db, { orgId: actor.orgId }, (tx) => listAudit(tx, { action: action || undefined, limit: PAGE + 1, offset: (page - 1) * PAGE }));
    const f = formatters(c.get('locale'));
    const query = (p: number) => `?page=${p}${action ? `&action=${encodeURIComponent(action)}` : ''}`;
    return c.html(
      <Layout c={c} title={t('admin.audit')}>
        <h1>{t('admin.audit')}</h1>
        <form method="get" action="/admin/audit" role="search">
          <label for="f-action">{t('admin.audit.action')}</label>
          <input id="f-action" type="search" name="action" value={action} />
          <button type="submit">{t('admin.filter')}</button>
        </form>
        {rows.length === 0 ? (
          <p>{t('admin.audit.empty')}</p>
        ) : (
          <TableWrap label={t('admin.audit')}>
            <table>
              <caption>{t('admin.audit')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.at')}</th>
                  <th scope="col">{t('admin.audit.action')}</th>
                  <th scope="col">{t('admin.audit.actor')}</th>
                  <th scope="col">{t('admin.audit.target')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, PAGE).map((r) => (
                  <tr>
                    <td>{f.dateTime(r.at)}</td>
                    <td>{r.action}</td>
                    <td>
                      {r.actor_name ?? '—'}
                      {r.acting_for_name ? ` → ${r.acting_for_name}` : ''}
                    </td>
                    <td>{r.target_type ? `${r.target_type} ${r.target_id ?? ''}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <nav aria-label={t('admin.paging')}>
          {page > 1 && <a href={query(page - 1)}>{t('admin.previous')}</a>} {rows.length > PAGE && <a href={query(page + 1)}>{t('admin.next')}</a>}
        </nav>
      </Layout>,
    );
  });
}
