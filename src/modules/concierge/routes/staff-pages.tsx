import type { Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { actOnRequest } from '../commands/act-on-request.js';
import { REQUEST_EVENTS, type RequestEvent } from '../domain/request-status.js';
import { FieldError } from '../errors.js';
import { parcelsOf } from '../queries/counter.js';
import { staffDesk } from '../queries/desk.js';
import { providerAccount } from '../queries/provider-account.js';
import { listProviders, officeHours } from '../queries/offer.js';
import { requestDetail, workQueue } from '../queries/requests.js';
import { actSchema, isUuid } from '../schemas.js';
import { RequestView } from '../views/request-view.js';
import { OfficeHoursList } from '../views/resident-home.js';
import { type Ctx, failure, formOf, param, nameIn, Notice, StatusBadge } from './helpers.js';
import { householdLabel } from '../domain/household-label.js';

/** Where a counter form asks to go back to: only a desk page, never elsewhere. */
export function safeNext(next: string | undefined): string | null {
  return next && /^\/concierge\/desk\/[a-z0-9/-]*$/.test(next) ? next : null;
}

/** The staff's desk, or a page saying their organisation runs none. */
export async function deskOr404(c: Ctx) {
  const actor = c.get('actor');
  return actor ? staffDesk(c.get('services').database.db, actor) : null;
}

export function registerStaffPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk', 'concierge.staff', async (c) => {
    const t = c.get('t');
    const desk = await deskOr404(c);
    if (!desk) {
      // A provider's staff follow the same menu entry to their own queue.
      const actor = c.get('actor');
      if (actor && (await providerAccount(c.get('services').database.db, actor))) return c.redirect('/concierge/provider', 303);
      return c.html(
        <Layout c={c} title={t('concierge.desk.title')}>
          <h1>{t('concierge.desk.title')}</h1>
          <p>{t('concierge.desk.none')}</p>
        </Layout>,
      );
    }
    const f = formatters(c.get('locale'));
    const { queue, parcels, hours } = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => ({
      queue: await workQueue(tx, desk.id),
      parcels: await parcelsOf(tx, { deskId: desk.id }, true),
      hours: await officeHours(tx, desk.id),
    }));
    return c.html(
      <Layout c={c} title={t('concierge.desk.title')}>
        <h1>{t('concierge.desk.title')}</h1>
        <p>{desk.name}</p>
        <ul class="actions">
          <li>
            <a class="button" href="/concierge/desk/counter">
              {t('concierge.counter.title')}
            </a>
          </li>
          <li>
            <a href="/concierge/desk/statements">{t('concierge.statements.title')}</a>
          </li>
          <li>
            <a href="/concierge/desk/catalogue">{t('concierge.manage.catalogue.title')}</a>
          </li>
          <li>
            <a href="/concierge/desk/providers">{t('concierge.manage.providers.title')}</a>
          </li>
          <li>
            <a href="/concierge/desk/plans">{t('concierge.plans.title')}</a>
          </li>
          <li>
            <a href="/concierge/desk/parcels/returns">{t('concierge.returns.link')}</a>
          </li>
          <li>
            <a href="/concierge/desk/hours">{t('concierge.hoursEdit.title')}</a>
          </li>
          <li>
            <a href="/concierge/desk/settings">{t('concierge.settings.title')}</a>
          </li>
        </ul>
        <h2>{t('concierge.hours.title')}</h2>
        <OfficeHoursList c={c} hours={hours} />
        <h2>{t('concierge.desk.queue', { count: queue.length })}</h2>
        <TableWrap label={t('concierge.desk.queueLabel')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('concierge.request.service')}</th>
                <th scope="col">{t('concierge.request.household')}</th>
                <th scope="col">{t('concierge.request.status')}</th>
                <th scope="col">{t('concierge.request.askedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((r) => (
                <tr>
                  <td>
                    <a href={`/concierge/desk/requests/${r.id}`}>
                      {nameIn(c, {
                        name_fr: r.service_fr,
                        name_en: r.service_en,
                      })}
                    </a>
                  </td>
                  <td>{householdLabel(r.household_name, r.dwelling_reference)}</td>
                  <td>
                    <StatusBadge c={c} status={r.status} late={r.late} />
                  </td>
                  <td>{f.dateTime(r.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>{t('concierge.desk.parcelsWaiting', { count: parcels.length })}</p>
      </Layout>,
    );
  });

  const requestPage = async (c: Ctx, errors: Record<string, string> = {}) => {
    const t = c.get('t');
    const desk = await deskOr404(c);
    const id = param(c, 'id');
    if (!desk || !isUuid(id)) return errorPage(c, 404);
    const data = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, async (tx) => ({
      detail: await requestDetail(tx, id, null),
      providers: await listProviders(tx, desk.id),
    }));
    if (!data.detail) return errorPage(c, 404);
    if (Object.keys(errors).length) c.status(422);
    return c.html(
      <Layout c={c} title={t('concierge.request.title')}>
        <h1>{t('concierge.request.title')}</h1>
        <Notice c={c} keyName={c.req.query('done') ? `concierge.notice.${c.req.query('done')}` : undefined} />
        <RequestView c={c} detail={data.detail} side="concierge" actionBase={`/concierge/desk/requests/${id}`} errors={errors} providers={data.providers} />
        <p>
          <a href="/concierge/desk">{t('concierge.back')}</a>
        </p>
      </Layout>,
    );
  };

  route(app, 'GET', '/concierge/desk/requests/:id', 'concierge.staff', (c) => requestPage(c));

  route(app, 'POST', '/concierge/desk/requests/:id/:event', 'concierge.staff', async (c) => {
    const event = param(c, 'event') as RequestEvent;
    if (!REQUEST_EVENTS.includes(event)) return errorPage(c, 404);
    const form = await formOf(c);
    const parsed = actSchema.safeParse(form);
    const back = `/concierge/desk/requests/${param(c, 'id')}`;
    try {
      await actOnRequest(c.get('services').database.db, c.get('actor') as never, param(c, 'id'), event, parsed.success ? parsed.data : {});
      deliverSoon(c.get('services'));
      return c.redirect(`${safeNext(form.next) ?? back}?done=${event}`, 303);
    } catch (e) {
      if (e instanceof FieldError) return requestPage(c, { [e.field]: e.key });
      return failure(c, e, back);
    }
  });
}
