import type { Hono } from 'hono';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters, type Translate } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { householdDetail, listHouseholds } from '../queries/households.js';
import { Facts, Paging, pageOf, SearchForm, searchOf } from '../views/ui.js';
import { refused } from './respond.js';

const PAGE = 50;
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** Language names in the reader's language, from the ISO code the household gave. */
function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Who holds the lease: the household itself, or the association that sublets to it (sliding lease). */
const leaseHolderText = (t: Translate, holder: string | null) => (holder ? t('directory.lease.byPartner', { partner: holder }) : t('directory.lease.byHousehold'));

export function registerHouseholdPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/households', 'directory.households.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const q = searchOf(c.req.query('q'));
    const page = pageOf(c.req.query('page'));
    const { rows, total } = await listHouseholds(c.get('services').database.db, actor, { q, limit: PAGE, offset: (page - 1) * PAGE });
    const f = formatters(c.get('locale'));
    return c.html(
      <Layout c={c} title={t('directory.households.title')}>
        <h1>{t('directory.households.title')}</h1>
        {authorize(actor, 'directory.export') === 'allow' && (
          <p>
            <a href="/admin/export/households">{t('directory.export.link')}</a>
          </p>
        )}
        <SearchForm t={t} action="/admin/households" label={t('directory.households.search')} q={q} />
        <p role="status">{t('directory.households.count', { count: total })}</p>
        {rows.length === 0 ? (
          <p>{t('directory.households.empty')}</p>
        ) : (
          <TableWrap label={t('directory.households.title')}>
            <table>
              <caption>{t('directory.households.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.household.name')}</th>
                  <th scope="col">{t('directory.household.dwelling')}</th>
                  <th scope="col">{t('directory.household.members')}</th>
                  <th scope="col">{t('directory.household.channel')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((h) => (
                  <tr>
                    <td>
                      <a href={`/admin/households/${h.id}`}>{h.name}</a> <span class="hint">{h.reference}</span>
                    </td>
                    <td>{h.dwelling ? `${h.dwelling} — ${h.residence}` : t('directory.household.noDwelling')}</td>
                    <td>{f.number(h.members_count)}</td>
                    <td>{t(`directory.channel.${h.channel}`)}</td>
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

  route(app, 'GET', '/admin/households/:id', 'directory.households.read', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const h = await householdDetail(c.get('services').database.db, actor, c.req.param('id') ?? '');
    if (typeof h === 'string') return refused(c, h);
    const locale = c.get('locale');
    const f = formatters(locale);
    const none = t('directory.household.none');
    return c.html(
      <Layout c={c} title={h.name}>
        <h1>{h.name}</h1>
        <Facts
          items={[
            [t('directory.residence.reference'), h.reference],
            [t('directory.household.members'), t('directory.household.membersCount', { count: h.members_count })],
            [t('directory.household.email'), h.email ? <a href={`mailto:${h.email}`}>{h.email}</a> : none],
            [t('directory.household.phone'), h.phone ? <a href={`tel:${h.phone}`}>{h.phone}</a> : none],
            [t('directory.household.language'), languageName(h.preferred_language, locale)],
            [t('directory.household.channel'), t(`directory.channel.${h.channel}`)],
            [
              t('directory.household.dwelling'),
              h.current ? (
                <>
                  {h.current.dwelling}, <a href={`/admin/residences/${h.current.residence_id}`}>{h.current.residence}</a> ({t('directory.household.since', { date: f.date(day(h.current.starts_on)) })})
                </>
              ) : (
                t('directory.household.noDwelling')
              ),
            ],
            ...(h.current ? [[t('directory.lease.holder'), leaseHolderText(t, h.current.lease_holder)] as [string, string]] : []),
          ]}
        />
        {h.history.length > 0 && (
          <>
            <h2>{t('directory.household.history')}</h2>
            <ul>
              {h.history.map((s) => (
                <li>
                  {s.dwelling}, {s.residence} — {t('directory.household.period', { from: f.date(day(s.starts_on)), to: f.date(day(s.ends_on)) })} ({leaseHolderText(t, s.lease_holder)})
                </li>
              ))}
            </ul>
          </>
        )}
      </Layout>,
    );
  });
}
