import type { Hono } from 'hono';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { listResidences } from '../queries/list-residences.js';
import { residenceDetail } from '../queries/residence-detail.js';
import { Facts, Notice, Paging, pageOf, SearchForm, searchOf } from '../views/ui.js';
import { refused } from './respond.js';

const PAGE = 25;

export function registerResidencePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/residences', 'directory.residences.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const q = searchOf(c.req.query('q'));
    const page = pageOf(c.req.query('page'));
    const { rows, total } = await listResidences(c.get('services').database.db, actor, { q, limit: PAGE, offset: (page - 1) * PAGE });
    const f = formatters(c.get('locale'));
    const canWrite = authorize(actor, 'directory.residences.write') === 'allow' && actor.residenceIds === null;
    const canExport = authorize(actor, 'directory.export') === 'allow';
    return c.html(
      <Layout c={c} title={t('directory.residences.title')}>
        <h1>{t('directory.residences.title')}</h1>
        {c.req.query('saved') && <Notice>{t('directory.residences.saved')}</Notice>}
        <p>
          {canWrite && <a href="/admin/residences/new">{t('directory.residences.add')}</a>} {canExport && <a href="/admin/export/residences">{t('directory.export.link')}</a>}
        </p>
        <SearchForm t={t} action="/admin/residences" label={t('directory.residences.search')} q={q} />
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
                      <a href={`/admin/residences/${r.id}`}>{r.name}</a> <span class="hint">{r.reference}</span>
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
        <Paging t={t} page={page} size={PAGE} total={total} q={q} />
      </Layout>,
    );
  });

  route(app, 'GET', '/admin/residences/:id', 'directory.residences.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const detail = await residenceDetail(c.get('services').database.db, actor, c.req.param('id') ?? '');
    if (typeof detail === 'string') return refused(c, detail);
    const { residence: r, buildings, places, dwellings } = detail;
    const f = formatters(c.get('locale'));
    const canWrite = authorize(actor, 'directory.residences.write') === 'allow';
    return c.html(
      <Layout c={c} title={r.name}>
        <h1>{r.name}</h1>
        {c.req.query('saved') && <Notice>{t('directory.residences.saved')}</Notice>}
        <h2>{t('directory.residence.details')}</h2>
        <Facts
          items={[
            [t('directory.residence.reference'), r.reference],
            [t('directory.residences.kind'), t(`directory.kind.${r.kind}`)],
            [t('directory.residence.address'), `${r.address}, ${r.postcode} ${r.city}`],
            [t('directory.residence.agency'), r.agency ?? t('directory.residence.noAgency')],
            ...(r.latitude !== null && r.longitude !== null ? ([[`${t('directory.residence.latitude')}, ${t('directory.residence.longitude')}`, `${f.number(r.latitude)}, ${f.number(r.longitude)}`]] as [string, string][]) : []),
          ]}
        />
        <p>
          <a href={`/admin/residences/${r.id}/dwellings`}>{t('directory.residence.seeDwellings', { count: dwellings })}</a>
          {canWrite && (
            <>
              {' '}
              <a href={`/admin/residences/${r.id}/edit`}>{t('directory.residences.edit')}</a>
            </>
          )}
        </p>
        <h2>{t('directory.residence.buildings')}</h2>
        {buildings.length === 0 ? (
          <p>{t('directory.residence.noBuildings')}</p>
        ) : (
          <TableWrap label={t('directory.residence.buildings')}>
            <table>
              <caption>{t('directory.residence.buildings')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.residences.name')}</th>
                  <th scope="col">{t('directory.residence.reference')}</th>
                  <th scope="col">{t('directory.residences.dwellings')}</th>
                </tr>
              </thead>
              <tbody>
                {buildings.map((b) => (
                  <tr>
                    <td>{b.name}</td>
                    <td>{b.reference}</td>
                    <td>{f.number(Number(b.dwellings))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <h2>{t('directory.residence.places')}</h2>
        {places.length === 0 ? (
          <p>{t('directory.residence.noPlaces')}</p>
        ) : (
          <ul>
            {places.map((p) => (
              <li>
                <strong>{p.name}</strong> ({t(`directory.place.${p.kind}`)}){p.description ? ` — ${p.description}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  });
}
