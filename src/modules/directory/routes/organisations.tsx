import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { listOrganisations } from '../queries/list-organisations.js';
import { Paging, pageOf, SearchForm, searchOf } from '../views/ui.js';

const PAGE = 50;

/** The organisations an administrator deals with: their own, partners, network — or all, for the platform's. */
export function registerOrganisationPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/organisations', 'directory.organisations.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const q = searchOf(c.req.query('q'));
    const page = pageOf(c.req.query('page'));
    const { rows, total } = await listOrganisations(c.get('services').database.db, actor, { q, limit: PAGE, offset: (page - 1) * PAGE });
    return c.html(
      <Layout c={c} title={t('directory.organisations.title')}>
        <h1>{t('directory.organisations.title')}</h1>
        <SearchForm t={t} action="/admin/organisations" label={t('directory.organisations.search')} q={q} />
        <p role="status">{t('directory.organisations.count', { count: total })}</p>
        {rows.length === 0 ? (
          <p>{t('directory.organisations.empty')}</p>
        ) : (
          <TableWrap label={t('directory.organisations.title')}>
            <table>
              <caption>{t('directory.organisations.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.organisation.name')}</th>
                  <th scope="col">{t('directory.organisation.kind')}</th>
                  <th scope="col">{t('directory.organisation.relation')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((o) => (
                  <tr>
                    <td>
                      {o.name} <span class="hint">{o.slug}</span>
                    </td>
                    <td>{t(`directory.orgKind.${o.kind}`)}</td>
                    <td>{t(`directory.organisation.${o.relation}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <Paging t={t} page={page} size={PAGE} total={total} q={q} />
      </Layout>,
    );
  });
}
