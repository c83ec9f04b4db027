import type { Context, Hono } from 'hono';
import { PUBLIC } from '../../../platform/access/authorize.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { cancelGuestRegistration, guestRegistrationByToken, landlordBySlug, registerGuest } from '../commands/guest-registration.js';
import { Invalid } from '../errors.js';
import { processBoard } from '../queries/proposals.js';
import { Board } from '../views/board.js';
import { Meetings } from '../views/meetings.js';
import { placesText, When } from '../views/parts.js';
import { PartyFields } from './event-pages.js';
import { dbOf, deliver, formFields, param } from './helpers.js';

/**
 * Pages without an account, under the landlord's public address (/c/<slug>/…): the "you said, we
 * did" board of a process, registration with a name and a phone, and the cancellation link.
 * Only activities open to all the landlord's residents are offered this way.
 */
export function registerPublicPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/c/:org/processes/:id', PUBLIC, async (c) => {
    const t = c.get('t');
    const org = await landlordBySlug(dbOf(c), param(c, 'org'));
    const board = org ? await withTenant(dbOf(c), { orgId: org.id }, (tx) => processBoard(tx, param(c, 'id'))) : undefined;
    if (!org || !board) return errorPage(c, 404);
    return c.html(
      <Layout c={c} title={board.process.title}>
        <h1>{board.process.title}</h1>
        <p>{`${org.name} — ${board.process.description}`}</p>
        <Board t={t} locale={c.get('locale')} items={board.items} link={() => null} />
        <Meetings t={t} locale={c.get('locale')} meetings={board.meetings} link={() => null} />
      </Layout>,
    );
  });

  route(app, 'GET', '/c/:org/events/:id', PUBLIC, (c) => guestPage(c, {}, {}));
  route(app, 'POST', '/c/:org/events/:id', PUBLIC, async (c) => {
    const org = await landlordBySlug(dbOf(c), param(c, 'org'));
    if (!org) return errorPage(c, 404);
    const form = await formFields(c);
    try {
      const publicUrl = c.get('services').config.publicUrl;
      const placed = await registerGuest(dbOf(c), org.id, param(c, 'id'), form, { cancelUrl: (token) => `${publicUrl}/c/${param(c, 'org')}/cancel/${token}` });
      deliver(c);
      return c.redirect(`/c/${param(c, 'org')}/cancel/${placed.token}?done=${placed.status}`, 303);
    } catch (e) {
      if (e instanceof Invalid) return guestPage(c, form, e.errors, e.status);
      throw e;
    }
  });

  route(app, 'GET', '/c/:org/cancel/:token', PUBLIC, (c) => cancelPage(c));
  route(app, 'POST', '/c/:org/cancel/:token', PUBLIC, async (c) => {
    const org = await landlordBySlug(dbOf(c), param(c, 'org'));
    if (!org || !(await cancelGuestRegistration(dbOf(c), org.id, param(c, 'token')))) return errorPage(c, 404);
    deliver(c);
    return c.redirect(`/c/${param(c, 'org')}/cancel/${param(c, 'token')}`, 303);
  });
}

async function guestPage(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const org = await landlordBySlug(dbOf(c), param(c, 'org'));
  const id = param(c, 'id');
  const e =
    org && /^[0-9a-f-]{36}$/i.test(id)
      ? await withTenant(dbOf(c), { orgId: org.id }, (tx) =>
          tx
            .selectFrom('community_events as e')
            .leftJoin('common_places as p', 'p.id', 'e.place_id')
            .select(['e.id', 'e.title', 'e.description', 'e.starts_at', 'e.ends_at', 'e.address', 'p.name as place', 'e.registration', 'e.capacity', 'e.cancelled_at', 'e.residence_id'])
            .select((s) =>
              s
                .selectFrom('community_registrations as r')
                .whereRef('r.event_id', '=', 'e.id')
                .where('r.status', '=', 'confirmed')
                .select(s.fn.coalesce(s.fn.sum<number>(s.eb('r.adults', '+', s.ref('r.children'))), s.lit(0)).as('n'))
                .as('confirmed_seats'),
            )
            .select((s) => s.selectFrom('community_registrations as r').whereRef('r.event_id', '=', 'e.id').where('r.status', '=', 'waiting').select(s.fn.countAll<number>().as('n')).as('waiting'))
            .where('e.id', '=', id)
            .where('e.residence_id', 'is', null)
            .executeTakeFirst(),
        )
      : undefined;
  if (!org || !e) return errorPage(c, 404);
  const counts = { ...e, confirmed_seats: Number(e.confirmed_seats ?? 0), waiting: Number(e.waiting ?? 0) } as never;
  const labels = { name: t('community.guest.name'), contact: t('community.guest.contact'), adults: t('community.register.adults'), form: t('community.register.title') };
  c.status(status);
  return c.html(
    <Layout c={c} title={e.title as string}>
      <h1>{e.title as string}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <p>
        <When locale={c.get('locale')} start={e.starts_at as Date} end={e.ends_at as Date} />
        {` — ${[e.place, e.address].filter(Boolean).join(' — ')}`}
      </p>
      <p>{e.description as string}</p>
      <p>{placesText(t, counts)}</p>
      <h2 id="f-form">{t('community.guest.title')}</h2>
      <p>{t('community.guest.intro')}</p>
      <PostForm action={`/c/${param(c, 'org')}/events/${e.id}`} csrf={c.get('csrf')}>
        <Field t={t} name="name" label={labels.name} value={values.name} error={errors.name} autocomplete="name" required />
        <Field t={t} name="contact" type="text" label={labels.contact} hint={t('community.guest.contactHint')} value={values.contact} error={errors.contact} required />
        <PartyFields t={t} values={values} errors={errors} />
        <button type="submit">{t('community.register.submit')}</button>
      </PostForm>
    </Layout>,
  );
}

async function cancelPage(c: Context<AppEnv>) {
  const t = c.get('t');
  const org = await landlordBySlug(dbOf(c), param(c, 'org'));
  const reg = org ? await guestRegistrationByToken(dbOf(c), org.id, param(c, 'token')) : undefined;
  if (!org || !reg) return errorPage(c, 404);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={t('community.guest.yours')}>
      <h1>{t('community.guest.yours')}</h1>
      {done && /^(confirmed|waiting|pending)$/.test(done) && (
        <p class="notice" role="status">
          {t(`community.done.${done}`)}
        </p>
      )}
      <p>
        {`${reg.title} — `}
        {formatters(c.get('locale')).dateTime(reg.starts_at as Date)}
      </p>
      <p>
        <strong>{t(`community.status.${reg.status}`)}</strong>
      </p>
      {reg.status === 'cancelled' ? (
        <p>{t('community.guest.cancelled')}</p>
      ) : (
        <>
          <p>{t('community.guest.keepLink')}</p>
          <PostForm action={`/c/${param(c, 'org')}/cancel/${param(c, 'token')}`} csrf={c.get('csrf')}>
            <button type="submit">{t('community.mine.cancel')}</button>
          </PostForm>
        </>
      )}
    </Layout>,
  );
}
