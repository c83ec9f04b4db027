import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { listDwellings } from '../queries/list-dwellings.js';
import { Paging, pageOf, SearchForm, searchOf } from '../views/ui.js';
import { refused } from './respond.js';

const PAGE = 50;

/** A residence's dwellings, searchable by reference, with who lives there. */
export function registerDwellingPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/residences/:id/dwellings', 'directory.residences.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const q = searchOf(c.req.query('q'));
    const page = pageOf(c.req.query('page'));
    const result = await listDwellings(c.get('services').database.db, actor, c.req.param('id') ?? '', { q, limit: PAGE, offset: (page - 1) * PAGE });
    if (typeof result === 'string') return refused(c, result);
    const { residence, rows, total } = result;
    const f = formatters(c.get('locale'));
    const base = `/admin/residences/${residence.id}/dwellings`;
    const title = t('directory.dwellings.title', { residence: residence.name });
    return c.html(
      <Layout c={c} title={title}>
        <h1>{title}</h1>
        <p>
          <a href={`/admin/residences/${residence.id}`}>{residence.name}</a>
        </p>
        <SearchForm t={t} action={base} label={t('directory.dwellings.search')} q={q} />
        <p role="status">{t('directory.dwellings.count', { count: total })}</p>
        {rows.length === 0 ? (
          <p>{t('directory.dwellings.empty')}</p>
        ) : (
          <TableWrap label={title}>
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.dwelling.reference')}</th>
                  <th scope="col">{t('directory.dwelling.building')}</th>
                  <th scope="col">{t('directory.dwelling.rooms')}</th>
                  <th scope="col">{t('directory.dwelling.floor')}</th>
                  <th scope="col">{t('directory.dwelling.rent')}</th>
                  <th scope="col">{t('directory.dwelling.household')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr>
                    <td>{d.reference}</td>
                    <td>{d.building ?? '—'}</td>
                    <td>{f.number(d.rooms)}</td>
                    <td>{d.floor === 0 ? t('directory.dwelling.groundFloor') : f.number(d.floor)}</td>
                    <td>{f.money(d.rent_cents)}</td>
                    {/* A household whose address is hidden from the reader: the dwelling is occupied, said plainly, without its name nor a
                        "confidential" marker — a marker would tell that a protected household lives there. */}
                    <td>{d.address_hidden ? t('directory.dwelling.occupied') : d.household_id ? <a href={`/admin/households/${d.household_id}`}>{d.household}</a> : t('directory.dwelling.vacant')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <Paging t={t} page={page} size={PAGE} total={total} q={q} base={base} />
      </Layout>,
    );
  });
}
