import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { cancelRegistration } from '../commands/cancel-registration.js';
import { registerForEvent } from '../commands/register.js';
import { isCoOrganiser } from '../commands/co-organisers.js';
import { Invalid } from '../errors.js';
import { P } from '../policy.js';
import { eventDetail, upcomingEvents } from '../queries/events.js';
import { eventIcal } from '../queries/event-ical.js';
import { attendanceSummary, reportOfEvent } from '../queries/event-report.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ReportSection } from '../views/event-report.js';
import { EventFacts } from '../views/event-facts.js';
import { Notice, placesText, When } from '../views/parts.js';
import { dbOf, deliver, formFields, page, param } from './helpers.js';

/** Residents' pages: the activities near them, one activity with its registration, the calendar file. */
export function registerEventPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community', P.read, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const events = await upcomingEvents(dbOf(c), actor, { limit: 50 });
      return c.html(
        <Layout c={c} title={t('community.events.title')}>
          <h1>{t('community.events.title')}</h1>
          <p>
            <a href="/community/processes">{t('community.events.toProcesses')}</a> · <a href="/community/mine">{t('community.mine.link')}</a>
          </p>
          {events.length === 0 ? (
            <p>{t('community.events.empty')}</p>
          ) : (
            <ul class="panels">
              {events.map((e) => (
                <li>
                  <h2>
                    <a href={`/community/events/${e.id}`}>{e.title}</a>
                  </h2>
                  <p>
                    <When locale={c.get('locale')} start={e.starts_at} end={e.ends_at} />
                  </p>
                  <p>{e.place ?? e.address}</p>
                  {e.landlord && <p class="hint">{t('community.event.organisedBy', { landlord: e.landlord })}</p>}
                  <p>{e.cancelled_at ? t('community.event.isCancelled') : placesText(t, e)}</p>
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      );
    }),
  );

  route(app, 'GET', '/community/events/:id', P.read, (c) => page(c, (actor) => eventPage(c, actor, {}, {})));

  route(app, 'POST', '/community/events/:id/register', P.register, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        const placed = await registerForEvent(dbOf(c), actor, param(c, 'id'), form);
        deliver(c);
        return c.redirect(`/community/events/${param(c, 'id')}?done=${placed.status}`, 303);
      } catch (e) {
        if (e instanceof Invalid) return eventPage(c, actor, e.errors, form, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/registrations/:id/cancel', P.register, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      await cancelRegistration(dbOf(c), actor, param(c, 'id'));
      deliver(c);
      const back = /^\/community\/[a-z0-9/-]+$/.test(form.next ?? '') ? form.next : '/community';
      return c.redirect(`${back}?done=cancelled`, 303);
    }),
  );

  route(app, 'GET', '/community/events/:id/calendar.ics', P.read, (c) =>
    page(c, async (actor) => {
      const body = await eventIcal(dbOf(c), actor, param(c, 'id'));
      return c.body(body, 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'attachment; filename="activite.ics"',
      });
    }),
  );
}

async function eventPage(c: Context<AppEnv>, actor: Actor, errors: FieldErrors, values: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const e = await eventDetail(dbOf(c), actor, param(c, 'id'));
  const open = e.registration !== 'off' && !e.cancelled_at && e.starts_at.getTime() > Date.now();
  const after = open ? null : await withTenant(dbOf(c), { orgId: e.landlord ? e.organisation_id : actor.orgId }, async (tx) => ({ report: await reportOfEvent(tx, e.id), attendance: await attendanceSummary(tx, e.id) }));
  const runs = !actor.actingFor && (await withTenant(dbOf(c), { orgId: actor.orgId }, (tx) => isCoOrganiser(tx, e.id, actor.userId)));
  const labels = {
    adults: t('community.register.adults'),
    children: t('community.register.children'),
    form: t('community.register.title'),
  };
  c.status(status);
  return c.html(
    <Layout c={c} title={e.title}>
      <h1>{e.title}</h1>
      <Notice t={t} done={c.req.query('done')} prefix="community.done" />
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <EventFacts t={t} locale={c.get('locale')} e={e} />
      {e.landlord && <p class="hint">{t('community.event.organisedBy', { landlord: e.landlord })}</p>}
      {runs && (
        <p class="notice">
          {`${t('community.coOrganiser.you')} `}
          <a href={`/community/events/${e.id}/roll-call`}>{t('community.rollCall.open')}</a>
        </p>
      )}
      {after?.report && <ReportSection t={t} locale={c.get('locale')} eventId={e.id} report={after.report} attendance={after.attendance} />}
      <p>
        <a href={`/community/events/${e.id}/calendar.ics`}>{t('community.event.addToCalendar')}</a>
      </p>
      <h2 id="f-form">{t('community.register.title')}</h2>
      {e.mine ? (
        <>
          <p class="notice">
            {e.mine.status === 'waiting'
              ? t('community.mine.waiting', { ahead: e.mine.ahead })
              : t(`community.mine.${e.mine.status}`, {
                  count: e.mine.adults + e.mine.children,
                })}
          </p>
          {e.mine.status !== 'refused' && !e.cancelled_at && (
            <PostForm action={`/community/registrations/${e.mine.id}/cancel`} csrf={c.get('csrf')}>
              <input type="hidden" name="next" value={`/community/events/${e.id}`} />
              <button type="submit">{t('community.mine.cancel')}</button>
            </PostForm>
          )}
        </>
      ) : open && authorize(actor, P.register) === 'allow' ? (
        <PostForm action={`/community/events/${e.id}/register`} csrf={c.get('csrf')}>
          <p>{placesText(t, e)}</p>
          <PartyFields t={t} values={values} errors={errors} />
          <button type="submit">{t('community.register.submit')}</button>
        </PostForm>
      ) : (
        <p>{open ? t('community.register.staffHint') : t('community.register.closed')}</p>
      )}
      <p>
        <a href="/community">{t('community.events.back')}</a>
      </p>
    </Layout>,
  );
}

/** Adults and children of the party: both take a place. */
export function PartyFields(props: { t: (k: string) => string; values: Record<string, string>; errors: FieldErrors }) {
  const { t, values, errors } = props;
  return (
    <>
      {(['adults', 'children'] as const).map((name) => (
        <div>
          <label for={`f-${name}`}>{t(`community.register.${name}`)}</label>
          {errors[name] && (
            <span class="error" id={`f-${name}-error`}>
              {t(errors[name])}
            </span>
          )}
          <input
            id={`f-${name}`}
            name={name}
            type="number"
            inputmode="numeric"
            min="0"
            max="20"
            value={values[name] ?? (name === 'adults' ? '1' : '0')}
            aria-invalid={errors[name] ? 'true' : undefined}
            aria-describedby={errors[name] ? `f-${name}-error` : undefined}
          />
        </div>
      ))}
    </>
  );
}
