import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { commonPlaceOptions, residenceOptions } from '../../directory/index.js';
import { cancelEvent } from '../commands/cancel-event.js';
import { decideRegistration } from '../commands/decide-registration.js';
import { updateEvent } from '../commands/update-event.js';
import { parisDate, parisTime } from '../domain/paris-time.js';
import { ensure, Invalid } from '../errors.js';
import { P } from '../policy.js';
import { type EventDetail, eventDetail } from '../queries/events.js';
import { pendingRequests } from '../queries/requests.js';
import { DecideForm } from '../views/decide-form.js';
import { EventForm } from '../views/event-form.js';
import { Notice, When } from '../views/parts.js';
import { dbOf, deliver, formFields, page, param } from './helpers.js';

/** Staff change one date of an activity, cancel it with a reason, and decide requests. */
export function registerEventEditPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/manage/events/:id/edit', P.manage, (c) => page(c, (actor) => editPage(c, actor, null, {})));

  route(app, 'POST', '/community/manage/events/:id/edit', P.manage, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        const { notified } = await updateEvent(dbOf(c), actor, param(c, 'id'), form);
        deliver(c);
        return c.redirect(`/community/manage/events/${param(c, 'id')}?done=${notified > 0 ? 'updatedNotified' : 'updated'}`, 303);
      } catch (e) {
        if (e instanceof Invalid) return editPage(c, actor, form, e.errors, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/manage/events/:id/cancel', P.manage, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        await cancelEvent(dbOf(c), actor, param(c, 'id'), form);
        deliver(c);
        return c.redirect(`/community/manage/events/${param(c, 'id')}?done=eventCancelled`, 303);
      } catch (e) {
        if (e instanceof Invalid) return editPage(c, actor, null, e.errors, e.status, form.reason);
        throw e;
      }
    }),
  );

  route(app, 'GET', '/community/manage/requests', P.manage, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const requests = await pendingRequests(dbOf(c), actor);
      const seats = (r: { adults: number; children: number }) => t('community.roster.seats', { adults: r.adults, children: r.children });
      return c.html(
        <Layout c={c} title={t('community.approval.title')}>
          <h1>{t('community.approval.title')}</h1>
          <Notice t={t} done={c.req.query('done')} prefix="community.approval.done" />
          <p>{t('community.approval.intro')}</p>
          {requests.length === 0 ? (
            <p>{t('community.approval.none')}</p>
          ) : (
            <ul class="panels">
              {requests.map((r) => (
                <li>
                  <h2>{`${r.name} — ${seats(r)}`}</h2>
                  <p>
                    <a href={`/community/manage/events/${r.event_id}`}>{r.title}</a> — <When locale={c.get('locale')} start={r.starts_at} end={r.ends_at} />
                  </p>
                  <DecideForm t={t} csrf={c.get('csrf')} id={r.id} name={r.name} next="/community/manage/requests" />
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href="/community/manage">{t('community.manage.title')}</a>
          </p>
        </Layout>,
      );
    }),
  );

  route(app, 'POST', '/community/manage/registrations/:id/decide', P.manage, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      const back = /^\/community\/manage\/[a-z0-9/-]+$/.test(form.next ?? '') ? form.next : '/community/manage/requests';
      try {
        const { status } = await decideRegistration(dbOf(c), actor, param(c, 'id'), form);
        deliver(c);
        return c.redirect(`${back}?done=${status === 'refused' ? 'refused' : status === 'confirmed' ? 'approved' : 'approvedWaiting'}`, 303);
      } catch (e) {
        // Decided by someone else meanwhile, or the activity is full/over: say so where the list is.
        if (e instanceof Invalid) return c.redirect(`${back}?done=notDecided`, 303);
        throw e;
      }
    }),
  );
}

function formValues(e: EventDetail): Record<string, string> {
  return {
    title: e.title,
    description: e.description,
    category: e.category,
    residenceId: e.residence_id ?? '',
    audience: e.neighbourhood_id ? 'neighbourhood' : '',
    placeId: e.place_id ?? '',
    address: e.address ?? '',
    date: parisDate(e.starts_at),
    startTime: parisTime(e.starts_at),
    endTime: parisTime(e.ends_at),
    registration: e.registration,
    capacity: e.capacity === null ? '' : String(e.capacity),
    stepFree: e.step_free ? 'on' : '',
    hearingLoop: e.hearing_loop ? 'on' : '',
    languages: e.languages,
    coOrganisers: e.co_organisers,
  };
}

async function editPage(c: Context<AppEnv>, actor: Actor, values: Record<string, string> | null, errors: FieldErrors, status: 200 | 409 | 422 = 200, reason = '') {
  const t = c.get('t');
  const e = await eventDetail(dbOf(c), actor, param(c, 'id'));
  ensure(authorize(actor, P.manage, { organisationId: e.organisation_id, residenceId: e.residence_id }));
  const { residences, places } = await withTenant(dbOf(c), { orgId: actor.orgId }, async (tx) => ({
    residences: await residenceOptions(tx),
    places: await commonPlaceOptions(tx),
  }));
  const closed = e.cancelled_at !== null || e.ends_at.getTime() <= Date.now();
  const cancelErrors = 'reason' in errors ? errors : {};
  c.status(status);
  return c.html(
    <Layout c={c} title={t('community.edit.title', { title: e.title })}>
      <h1>{t('community.edit.title', { title: e.title })}</h1>
      {closed ? (
        <p class="notice">{t(e.cancelled_at ? 'community.event.isCancelled' : 'community.event.over')}</p>
      ) : (
        <>
          <p>{t('community.edit.intro')}</p>
          <EventForm t={t} csrf={c.get('csrf')} values={values ?? formValues(e)} errors={'reason' in errors ? {} : errors} residences={residences} places={places} editing={e.id} />
          <h2 id="cancel">{t('community.edit.cancelTitle')}</h2>
          <p>{t('community.edit.cancelIntro')}</p>
          <ErrorSummary t={t} errors={cancelErrors} labels={{ reason: t('community.edit.reason') }} />
          <PostForm action={`/community/manage/events/${e.id}/cancel`} csrf={c.get('csrf')}>
            <Field t={t} name="reason" label={t('community.edit.reason')} hint={t('community.edit.reasonHint')} value={reason} error={cancelErrors.reason} required />
            <button type="submit">{t('community.edit.cancelButton')}</button>
          </PostForm>
        </>
      )}
      <p>
        <a href={`/community/manage/events/${e.id}`}>{t('community.edit.back')}</a>
      </p>
    </Layout>,
  );
}
