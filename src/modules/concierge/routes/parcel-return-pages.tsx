import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { parcelsToReturn, returnParcel } from '../commands/return-parcel.js';
import { failure, Notice, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';
import { householdLabel } from '../domain/household-label.js';

/** Parcels unclaimed for too long, to send back to their senders; each return is recorded, never deleted. */
export function registerParcelReturnPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/parcels/returns', 'concierge.staff', async (c) => {
    const t = c.get('t');
    const desk = await deskOr404(c);
    if (!desk) return errorPage(c, 404);
    const f = formatters(c.get('locale'));
    const due = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => parcelsToReturn(tx, desk));
    return c.html(
      <Layout c={c} title={t('concierge.returns.title')}>
        <h1>{t('concierge.returns.title')}</h1>
        <Notice c={c} keyName={c.req.query('done') === 'returned' ? 'concierge.notice.returned' : undefined} />
        <p>{t('concierge.returns.intro', { days: desk.parcel_return_days })}</p>
        {due.length === 0 ? (
          <p>{t('concierge.returns.none')}</p>
        ) : (
          <TableWrap label={t('concierge.returns.title')}>
            <table>
              <caption>{t('concierge.returns.caption', { count: due.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('concierge.returns.received')}</th>
                  <th scope="col">{t('concierge.returns.household')}</th>
                  <th scope="col">{t('concierge.parcel.kind')}</th>
                  <th scope="col">{t('concierge.returns.shelf')}</th>
                  <th scope="col">{t('concierge.returns.action')}</th>
                </tr>
              </thead>
              <tbody>
                {due.map((p) => (
                  <tr>
                    <td>{f.date(new Date(p.received_at))}</td>
                    <td>
                      {householdLabel(p.household_name, p.dwelling_reference)}
                    </td>
                    <td>
                      {t(`concierge.parcelKind.${p.kind}`)}
                      {p.carrier ? ` — ${p.carrier}` : ''}
                    </td>
                    <td>{p.shelf}</td>
                    <td>
                      <PostForm action={`/concierge/desk/parcels/${p.id}/return`} csrf={c.get('csrf')}>
                        <button type="submit" aria-label={t('concierge.returns.buttonFor', { household: p.household_name, shelf: p.shelf })}>
                          {t('concierge.returns.button')}
                        </button>
                      </PostForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <p>
          <a href="/concierge/desk">{t('concierge.back')}</a>
        </p>
      </Layout>,
    );
  });

  route(app, 'POST', '/concierge/desk/parcels/:pid/return', 'concierge.staff', async (c) => {
    try {
      await returnParcel(c.get('services').database.db, c.get('actor') as never, param(c, 'pid'));
      return c.redirect('/concierge/desk/parcels/returns?done=returned', 303);
    } catch (e) {
      return failure(c, e, '/concierge/desk/parcels/returns');
    }
  });
}
