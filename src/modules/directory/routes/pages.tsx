import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { Layout } from '../../../platform/ui/layout.js';
import { listResidences } from '../queries/list-residences.js';

const PAGE = 25;

export function registerDirectoryPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/residences', 'directory.residences.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const page = Math.max(1, Number(c.req.query('page')) || 1);
    const { rows, total } = await listResidences(c.get('services').database.db, actor, { q, limit: PAGE, offset: (page - 1) * PAGE });
    const f = formatters(c.get('locale'));
    const link = (p: number) => `?page=${p}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
    return c.html(
      <Layout c={c} title={t('directory.residences.title')}>
        <h1>{t('directory.residences.title')}</h1>
        <form method="get" action="/admin/residences" role="search">
          <label for="f-q">{t('directory.residences.search')}</label>
          <input id="f-q" type="search" name="q" value={q} />
          <button type="submit">{t('directory.residences.searchButton')}</button>
        </form>
        <p role="status">{t('directory.residences.count', { count: total })}</p>
        {rows.length === 0 ? (
          <p>{t('directory.residences.empty')}</p>
        ) : (
          <TableWrap label={t('directory.residences.title')}>
            <table>
              <caption>{t('directory.residences.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.residences.name')}</th>
                  <th scope="col">{t('directory.residences.city')}</th>
                  <th scope="col">{t('directory.residences.kind')}</th>
                  <th scope="col">{t('directory.residences.dwellings')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>
                      {r.name} <span class="hint">{r.reference}</span>
                    </td>
                    <td>{r.city}</td>
                    <td>{t(`directory.kind.${r.kind}`)}</td>
                    <td>{f.number(r.dwellings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <nav aria-label={t('admin.paging')}>
          {page > 1 && <a href={link(page - 1)}>{t('admin.previous')}</a>} {page * PAGE < total && <a href={link(page + 1)}>{t('admin.next')}</a>}
        </nav>
      </Layout>,
    );
  });
}
