import { sql } from 'kysely';
import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { commonPlaceOptions, residenceOptions } from '../../directory/index.js';
import { takeAttendance } from '../commands/attendance.js';
import { createEvent } from '../commands/create-event.js';
import { registerForEvent } from '../commands/register.js';
import { Invalid } from '../errors.js';
import { P } from '../policy.js';
import { reportedAmong } from '../queries/event-report.js';
import { upcomingEvents } from '../queries/events.js';
import { EventForm } from '../views/event-form.js';
import { Notice, When } from '../views/parts.js';
import { rosterPage } from './roster-page.js';
import { dbOf, deliver, formFields, page, param } from './helpers.js';

/** Staff pages: the activities to run, a new activity, the list of registrations with attendance. */
export function registerManageEventPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/manage', P.manage, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const events = await upcomingEvents(dbOf(c), actor, {
        limit: 100,
        includePast: true,
      });
      const f = formatters(c.get('locale'));
      const held = events.filter((e) => !e.cancelled_at && e.starts_at.getTime() <= Date.now()).map((e) => e.id);
      const reported = new Set(held.length ? await withTenant(dbOf(c), { orgId: actor.orgId }, (tx) => reportedAmong(tx, held)) : []);
      return c.html(
        <Layout c={c} title={t('community.manage.title')}>
          <h1>{t('community.manage.title')}</h1>
          <Notice t={t} done={c.req.query('done')} prefix="community.manage.done" />
          <p>
            <a class="button" href="/community/manage/events/new">
              {t('community.manage.new')}
            </a>{' '}
            <a href="/community/manage/requests">{t('community.manage.toRequests')}</a> <a href="/community/manage/proposals">{t('community.manage.toProposals')}</a>
          </p>
          <TableWrap label={t('community.manage.title')}>
            <table>
              <caption>{t('community.manage.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('community.event.when')}</th>
                  <th scope="col">{t('community.manage.activity')}</th>
                  <th scope="col">{t('community.manage.registered')}</th>
                  <th scope="col">{t('community.manage.waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr>
                    <td>
                      <When locale={c.get('locale')} start={e.starts_at} end={e.ends_at} />
                    </td>
                    <td>
                      <a href={`/community/manage/events/${e.id}`}>{e.title}</a> <span class="hint">{e.cancelled_at ? t('community.event.isCancelled') : (e.place ?? e.address)}</span>
                      {held.includes(e.id) && (
                        <>
                          {' '}
                          <a href={`/community/manage/events/${e.id}/report`}>{t(reported.has(e.id) ? 'community.report.written' : 'community.report.toWrite')}</a>
                        </>
                      )}
                    </td>
                    <td>{e.capacity === null ? f.number(e.confirmed_seats) : `${f.number(e.confirmed_seats)} / ${f.number(e.capacity)}`}</td>
                    <td>{f.number(e.waiting)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </Layout>,
      );
    }),
  );

  route(app, 'GET', '/community/manage/events/new', P.manage, (c) => page(c, (actor) => newEventPage(c, actor, { registration: 'open', repeatWeeks: '0' }, {})));

  route(app, 'POST', '/community/manage/events/new', P.manage, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        const { ids } = await createEvent(dbOf(c), actor, form);
        return c.redirect(`/community/manage/events/${ids[0]}?done=created`, 303);
      } catch (e) {
        if (e instanceof Invalid) return newEventPage(c, actor, form, e.errors, e.status);
        throw e;
      }
    }),
  );

  route(app, 'GET', '/community/manage/events/:id', P.attendance, (c) => page(c, (actor) => rosterPage(c, actor, {}, {})));

  route(app, 'POST', '/community/manage/events/:id/attendance', P.attendance, (c) =>
    page(c, async (actor) => {
      try {
        await takeAttendance(dbOf(c), actor, param(c, 'id'), await formFields(c));
      } catch (e) {
        // A mark other than present/absent (a forged form): the roll call again, with the error.
        if (e instanceof Invalid) return rosterPage(c, actor, e.errors, {}, e.status);
        throw e;
      }
      return c.redirect(`/community/manage/events/${param(c, 'id')}?done=attendance`, 303);
    }),
  );

  route(app, 'POST', '/community/manage/events/:id/register', P.manage, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        const placed = await registerForEvent(dbOf(c), actor, param(c, 'id'), form, { forHouseholdId: form.household ?? '' });
        deliver(c);
        return c.redirect(`/community/manage/events/${param(c, 'id')}?done=${placed.status}`, 303);
      } catch (e) {
        if (e instanceof Invalid) return rosterPage(c, actor, e.errors, form, e.status);
        throw e;
      }
    }),
  );
}

async function newEventPage(c: Context<AppEnv>, actor: Actor, values: Record<string, string>, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const { residences, places, processes } = await withTenant(dbOf(c), { orgId: actor.orgId }, async (tx) => ({
    residences: await residenceOptions(tx),
    places: await commonPlaceOptions(tx),
    processes: await tx.selectFrom('community_processes').select(['id', 'title']).where((w) => w.or([w('ends_on', 'is', null), w('ends_on', '>=', sql<string>`current_date`)])).orderBy('starts_on', 'desc').execute(),
  }));
  c.status(status);
  return c.html(
    <Layout c={c} title={t('community.manage.new')}>
      <h1>{t('community.manage.new')}</h1>
      <EventForm t={t} csrf={c.get('csrf')} values={values} errors={errors} residences={residences} places={places} processes={processes as { id: string; title: string }[]} />
    </Layout>,
  );
}
