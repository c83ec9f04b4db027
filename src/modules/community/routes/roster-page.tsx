import type { Context } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { searchHouseholds } from '../../directory/index.js';
import { authorize } from '../../../platform/access/authorize.js';
import { coOrganisersOf } from '../commands/co-organisers.js';
import { P } from '../policy.js';
import { CoOrganisersSection } from './co-organiser-pages.js';
import { DecideForm } from '../views/decide-form.js';
import { attendanceFigures } from '../domain/registration.js';
import { eventDetail, eventRoster } from '../queries/events.js';
import { EventFacts } from '../views/event-facts.js';
import { Notice } from '../views/parts.js';
import { PartyFields } from './event-pages.js';
import { dbOf, param } from './helpers.js';

/** The facilitator's page: attendance on a phone, the waiting list, assisted registration, the sign-up sheet. */
export async function rosterPage(c: Context<AppEnv>, actor: Actor, errors: FieldErrors, values: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const id = param(c, 'id');
  const e = await eventDetail(dbOf(c), actor, id);
  const roster = (await eventRoster(dbOf(c), actor, id)).map((r) => ({ ...r, name: r.name || t('community.roster.erased') }));
  const q = (c.req.query('q') ?? values.q ?? '').trim().slice(0, 60);
  const found = q ? await withTenant(dbOf(c), { orgId: actor.orgId }, (tx) => searchHouseholds(tx, q)) : [];
  const confirmed = roster.filter((r) => r.status === 'confirmed');
  const waiting = roster.filter((r) => r.status !== 'confirmed');
  const figures = attendanceFigures(
    roster.map((r) => ({
      status: r.status as 'confirmed',
      attendance: r.attendance,
      seats: r.adults + r.children,
    })),
  );
  const seats = (r: { adults: number; children: number }) => t('community.roster.seats', { adults: r.adults, children: r.children });
  c.status(status);
  return c.html(
    <Layout c={c} title={e.title}>
      <h1>{e.title}</h1>
      <Notice t={t} done={c.req.query('done')} prefix="community.roster.done" />
      <ErrorSummary
        t={t}
        errors={errors}
        labels={{
          household: t('community.roster.household'),
          email: t('community.coOrganiser.email'),
          adults: t('community.register.adults'),
          form: t('community.roster.assisted'),
        }}
      />
      <EventFacts t={t} locale={c.get('locale')} e={e} />
      {!e.cancelled_at && authorize(actor, P.manage) === 'allow' && (
        <p>
          <a href={`/community/manage/events/${id}/edit`}>{t('community.roster.edit')}</a>
        </p>
      )}
      <p>
        {t('community.roster.figures', {
          seats: figures.registeredSeats,
          present: figures.presentSeats,
          noShows: figures.noShows,
        })}{' '}
        {figures.rate !== null && t('community.roster.rate', { rate: Math.round(figures.rate * 100) })}
      </p>
      <h2>{t('community.roster.attendance')}</h2>
      {confirmed.length === 0 ? (
        <p>{t('community.roster.none')}</p>
      ) : (
        <PostForm action={`/community/manage/events/${id}/attendance`} csrf={c.get('csrf')}>
          {confirmed.map((r) => (
            <fieldset>
              <legend>{`${r.name} — ${seats(r)}`}</legend>
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
      <h2>{t('community.roster.waitingList')}</h2>
      {waiting.length === 0 ? (
        <p>{t('community.roster.noneWaiting')}</p>
      ) : (
        <ol>
          {waiting.map((r) => (
            <li>
              {`${r.name} — ${seats(r)} — ${t(`community.status.${r.status}`)}`}
              {r.status === 'pending' && <DecideForm t={t} csrf={c.get('csrf')} id={r.id} name={r.name} next={`/community/manage/events/${id}`} />}
              <PostForm action={`/community/registrations/${r.id}/cancel`} csrf={c.get('csrf')}>
                <input type="hidden" name="next" value={`/community/manage/events/${id}`} />
                <button type="submit" class="link">
                  {t('community.roster.cancelFor', { name: r.name })}
                </button>
              </PostForm>
            </li>
          ))}
        </ol>
      )}
      <h2 id="f-form">{t('community.roster.assisted')}</h2>
      <search>
        <form method="get" action={`/community/manage/events/${id}`}>
          <label for="f-q">{t('community.roster.search')}</label>
          <input id="f-q" type="search" name="q" value={q} />
          <button type="submit">{t('community.roster.searchButton')}</button>
        </form>
      </search>
      {q && found.length === 0 && <p role="status">{t('community.roster.noMatch')}</p>}
      {found.length > 0 && (
        <PostForm action={`/community/manage/events/${id}/register`} csrf={c.get('csrf')}>
          <input type="hidden" name="q" value={q} />
          <label for="f-household">{t('community.roster.household')}</label>
          <select id="f-household" name="household">
            {found.map((h) => (
              <option value={h.id} selected={h.id === values.household}>{`${h.name} — ${h.reference}${h.residence ? ` — ${h.residence}` : ''}`}</option>
            ))}
          </select>
          <PartyFields t={t} values={values} errors={errors} />
          <button type="submit">{t('community.roster.registerHousehold')}</button>
        </PostForm>
      )}
      {!e.cancelled_at && e.starts_at.getTime() <= Date.now() && authorize(actor, P.manage) === 'allow' && (
        <p>
          <a href={`/community/manage/events/${id}/report`}>{t('community.report.write')}</a>
        </p>
      )}
      {authorize(actor, P.manage) === 'allow' && <CoOrganisersSection c={c} eventId={id} people={await coOrganisersOf(dbOf(c), actor, id)} errors={errors} values={values} />}
      <h2>{t('community.roster.sheet')}</h2>
      <p>
        <a href={`/community/manage/events/${id}/sheet`}>{t('community.sheet.printable')}</a> · <a href={`/community/manage/events/${id}/sheet.pdf`}>{t('community.sheet.pdf')}</a>
      </p>
      <p>
        <a href="/community/manage">{t('community.manage.title')}</a>
      </p>
    </Layout>,
  );
}
