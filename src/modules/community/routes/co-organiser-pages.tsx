import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { takeAttendance } from '../commands/attendance.js';
import { addCoOrganiser, removeCoOrganiser } from '../commands/co-organisers.js';
import { attendanceFigures } from '../domain/registration.js';
import { Invalid } from '../errors.js';
import { P } from '../policy.js';
import { eventDetail, eventRoster } from '../queries/events.js';
import { Notice } from '../views/parts.js';
import { dbOf, formFields, page, param } from './helpers.js';
import { rosterPage } from './roster-page.js';

/** The roster's section where staff name residents co-organisers of the activity. */
export function CoOrganisersSection(props: { c: Context<AppEnv>; eventId: string; people: { user_id: string; name: string }[]; errors: FieldErrors; values: Record<string, string> }) {
  const t = props.c.get('t');
  return (
    <section aria-labelledby="co-organisers-title">
      <h2 id="co-organisers-title">{t('community.coOrganiser.title')}</h2>
      <p class="hint">{t('community.coOrganiser.intro')}</p>
      {props.people.length === 0 ? (
        <p>{t('community.coOrganiser.none')}</p>
      ) : (
        <ul>
          {props.people.map((p) => (
            <li>
              {p.name}
              <PostForm action={`/community/manage/events/${props.eventId}/co-organisers/${p.user_id}/remove`} csrf={props.c.get('csrf')}>
                <button type="submit" class="link">
                  {t('community.coOrganiser.remove', { name: p.name })}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <PostForm action={`/community/manage/events/${props.eventId}/co-organisers`} csrf={props.c.get('csrf')}>
        <Field t={t} name="email" type="email" autocomplete="off" label={t('community.coOrganiser.email')} hint={t('community.coOrganiser.emailHint')} value={props.values.email} error={props.errors.email} required />
        <button type="submit">{t('community.coOrganiser.add')}</button>
      </PostForm>
    </section>
  );
}

/** The roll call as a resident co-organiser sees it: names and party sizes only, present or absent. */
async function rollCallPage(c: Context<AppEnv>, actor: Actor, errors: FieldErrors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const id = param(c, 'id');
  const roster = await eventRoster(dbOf(c), actor, id);
  const e = await eventDetail(dbOf(c), actor, id);
  const confirmed = roster.filter((r) => r.status === 'confirmed');
  const figures = attendanceFigures(confirmed.map((r) => ({ status: 'confirmed' as const, attendance: r.attendance, seats: r.adults + r.children })));
  c.status(status);
  return c.html(
    <Layout c={c} title={t('community.rollCall.title', { title: e.title })}>
      <h1>{t('community.rollCall.title', { title: e.title })}</h1>
      <Notice t={t} done={c.req.query('done')} prefix="community.roster.done" />
      <ErrorSummary t={t} errors={errors} labels={{}} />
      <p>{t('community.roster.figures', { seats: figures.registeredSeats, present: figures.presentSeats, noShows: figures.noShows })}</p>
      {confirmed.length === 0 ? (
        <p>{t('community.roster.none')}</p>
      ) : (
        <PostForm action={`/community/events/${id}/roll-call`} csrf={c.get('csrf')}>
          {confirmed.map((r) => (
            <fieldset>
              <legend>{`${r.name || t('community.roster.erased')} — ${t('community.roster.seats', { adults: r.adults, children: r.children })}`}</legend>
              {(['present', 'absent'] as const).map((m) => (
                <label class="check">
                  <input type="radio" name={`a-${r.id}`} value={m} checked={r.attendance === m} /> {t(`community.roster.${m}`)}
                </label>
              ))}
            </fieldset>
          ))}
          <button type="submit">{t('community.roster.save')}</button>
        </PostForm>
      )}
      <p>
        <a href={`/community/events/${id}`}>{e.title}</a>
      </p>
    </Layout>,
  );
}

export function registerCoOrganiserPages(app: Hono<AppEnv>): void {
  route(app, 'POST', '/community/manage/events/:id/co-organisers', P.manage, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        await addCoOrganiser(dbOf(c), actor, param(c, 'id'), form);
        return c.redirect(`/community/manage/events/${param(c, 'id')}?done=coOrganiserAdded#co-organisers-title`, 303);
      } catch (e) {
        if (e instanceof Invalid) return rosterPage(c, actor, e.errors, form, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/manage/events/:id/co-organisers/:user/remove', P.manage, (c) =>
    page(c, async (actor) => {
      await removeCoOrganiser(dbOf(c), actor, param(c, 'id'), param(c, 'user'));
      return c.redirect(`/community/manage/events/${param(c, 'id')}?done=coOrganiserRemoved#co-organisers-title`, 303);
    }),
  );

  // Open to every signed-in reader; the commands let through staff of the residence and the activity's co-organisers only (404 otherwise).
  route(app, 'GET', '/community/events/:id/roll-call', P.read, (c) => page(c, (actor) => rollCallPage(c, actor, {})));

  route(app, 'POST', '/community/events/:id/roll-call', P.read, (c) =>
    page(c, async (actor) => {
      try {
        await takeAttendance(dbOf(c), actor, param(c, 'id'), await formFields(c));
      } catch (e) {
        if (e instanceof Invalid) return rollCallPage(c, actor, e.errors, 422);
        throw e;
      }
      return c.redirect(`/community/events/${param(c, 'id')}/roll-call?done=attendance`, 303);
    }),
  );
}
