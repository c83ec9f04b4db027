import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { commentOnProposal, reportComment } from '../commands/comments.js';
import { submitProposal } from '../commands/submit-proposal.js';
import { supportProposal } from '../commands/support-proposal.js';
import { Invalid } from '../errors.js';
import { asResident, P } from '../policy.js';
import { boardFor, listProcesses, markNotificationsRead, myNotifications, proposalPhoto } from '../queries/proposals.js';
import { PROPOSAL_CATEGORIES } from '../schemas.js';
import { Board } from '../views/board.js';
import { Meetings } from '../views/meetings.js';
import { Notice, Select, TextArea } from '../views/parts.js';
import { myActivityNotifications } from '../queries/activity-notifications.js';
import { dbOf, formFields, page, param } from './helpers.js';
import { proposalPage } from './proposal-page.js';

// A network's club meetings are shown to member staff on impact's pages (docs/decisions/network-meetings.md):
// community links there by address and never imports impact.
const CLUB_MEETING_PAGES = '/impact/network/meetings';

/** Participation: processes, their boards, making a proposal, supporting and commenting, notifications. */
export function registerProposalPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/processes', P.read, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const processes = await listProcesses(dbOf(c), actor);
      return c.html(
        <Layout c={c} title={t('community.processes.title')}>
          <h1>{t('community.processes.title')}</h1>
          <p>{t('community.processes.intro')}</p>
          <p>
            <a href="/community/notifications">{t('community.notifications.title')}</a>
          </p>
          <ul class="panels">
            {processes.map((p) => (
              <li>
                <h2>
                  <a href={`/community/processes/${p.id}`}>{p.title}</a>
                </h2>
                <p>
                  {t('community.processes.counts', {
                    proposals: p.proposals,
                    answered: p.answered,
                  })}
                </p>
                {p.landlord && <p class="hint">{t('community.process.neighbours', { landlord: p.landlord })}</p>}
              </li>
            ))}
          </ul>
        </Layout>,
      );
    }),
  );

  route(app, 'GET', '/community/processes/:id', P.read, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const { process, items, meetings, landlord } = await boardFor(dbOf(c), actor, param(c, 'id'));
      const slug = await orgSlug(c, actor);
      return c.html(
        <Layout c={c} title={process.title}>
          <h1>{process.title}</h1>
          <Notice t={t} done={c.req.query('done')} prefix="community.proposal.done" />
          {landlord && <p class="hint">{t('community.process.neighbours', { landlord })}</p>}
          <p>{process.description}</p>
          {authorize(actor, P.propose) === 'allow' && (
            <p>
              <a class="button" href={`/community/processes/${process.id}/propose`}>
                {t('community.proposal.new')}
              </a>
            </p>
          )}
          <Board t={t} locale={c.get('locale')} items={items} link={(id) => `/community/proposals/${id}`} />
          <Meetings t={t} locale={c.get('locale')} meetings={meetings} link={(id) => `/community/events/${id}`} />
          {!landlord && (
            <p>
              <a href={`/c/${slug}/processes/${process.id}`}>{t('community.board.publicLink')}</a>
            </p>
          )}
        </Layout>,
      );
    }),
  );

  route(app, 'GET', '/community/processes/:id/propose', P.propose, (c) => page(c, (actor) => proposeForm(c, actor, {}, {})));
  route(app, 'POST', '/community/processes/:id/propose', P.propose, (c) =>
    page(c, async (actor) => {
      const body = await c.req.parseBody();
      const form: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') form[k] = v;
      // No file chosen comes as an empty part without a name; an empty file with a name is refused (issue 9).
      const file = body.photo instanceof File && (body.photo.size > 0 || body.photo.name !== '') ? body.photo : null;
      const upload = file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
      try {
        const id = await submitProposal(dbOf(c), actor, param(c, 'id'), form, { upload, dataDir: c.get('services').config.dataDir });
        return c.redirect(`/community/proposals/${id}?done=submitted`, 303);
      } catch (e) {
        if (e instanceof Invalid) return proposeForm(c, actor, form, e.errors, e.status);
        throw e;
      }
    }),
  );

  route(app, 'GET', '/community/proposals/:id', P.read, (c) => page(c, (actor) => proposalPage(c, actor, {}, {})));

  route(app, 'GET', '/community/proposals/:id/photo', P.read, (c) =>
    page(c, async (actor) => {
      const photo = await proposalPhoto(dbOf(c), actor, c.get('services').config.dataDir, param(c, 'id'));
      return new Response(new Uint8Array(photo.bytes), {
        headers: {
          'content-type': photo.mediaType,
          'content-length': String(photo.bytes.byteLength),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=3600',
          'content-security-policy': "default-src 'none'; sandbox",
        },
      });
    }),
  );

  route(app, 'POST', '/community/proposals/:id/support', P.support, (c) =>
    page(c, async (actor) => {
      try {
        await supportProposal(dbOf(c), actor, param(c, 'id'));
        return c.redirect(`/community/proposals/${param(c, 'id')}?done=supported`, 303);
      } catch (e) {
        if (e instanceof Invalid) return proposalPage(c, actor, e.errors, {}, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/proposals/:id/comments', P.comment, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        await commentOnProposal(dbOf(c), actor, param(c, 'id'), {
          body: form.comment ?? '',
        });
        return c.redirect(`/community/proposals/${param(c, 'id')}?done=commented`, 303);
      } catch (e) {
        if (e instanceof Invalid) return proposalPage(c, actor, { comment: e.errors.body ?? 'form.invalid' }, { comment: form.comment ?? '' }, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/comments/:id/report', P.comment, (c) =>
    page(c, async (actor) => {
      const proposal = await reportComment(dbOf(c), actor, param(c, 'id'));
      return c.redirect(`/community/proposals/${proposal}?done=reported`, 303);
    }),
  );

  route(app, 'GET', '/community/notifications', P.read, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const f = formatters(c.get('locale'));
      const answers = await myNotifications(dbOf(c), actor);
      const activities = await myActivityNotifications(dbOf(c), actor);
      // One list, newest first: answers to proposals and news of the person's registrations.
      const rows = [
        ...answers.map((n) => ({
          at: n.answered_at as Date,
          read_at: n.read_at,
          body: (
            <>
              <a href={`/community/proposals/${n.proposal_id}`}>{n.title}</a>
              {` — ${t(`community.proposalStatus.${n.status}`)}, ${f.date(n.answered_at as Date)} : ${n.body}`}
            </>
          ),
        })),
        ...activities.map((n) => ({
          at: n.created_at,
          read_at: n.read_at,
          body: (
            <>
              {`${t(`community.notifications.${n.club ? 'club' : 'activity'}.${n.kind}`)} `}
              <a href={n.club ? `${CLUB_MEETING_PAGES}/${n.event_id}` : `/community/events/${n.event_id}`}>{n.title}</a>
              {` — ${f.dateTime(n.starts_at)}`}
              {n.place && ` — ${n.place}`}
              {n.landlord && ` — ${t('community.event.organisedBy', { landlord: n.landlord })}`}
              {n.reason && ` — ${t('community.notifications.reason', { reason: n.reason })}`}
            </>
          ),
        })),
      ].sort((a, b) => b.at.getTime() - a.at.getTime());
      return c.html(
        <Layout c={c} title={t('community.notifications.title')}>
          <h1>{t('community.notifications.title')}</h1>
          {rows.length === 0 ? (
            <p>{t('community.notifications.empty')}</p>
          ) : (
            <ul>
              {rows.map((n) => (
                <li>
                  {!n.read_at && <strong>{`${t('community.notifications.new')} `}</strong>}
                  {n.body}
                </li>
              ))}
            </ul>
          )}
          {rows.some((n) => !n.read_at) && (
            <PostForm action="/community/notifications/read" csrf={c.get('csrf')}>
              <button type="submit">{t('community.notifications.markRead')}</button>
            </PostForm>
          )}
        </Layout>,
      );
    }),
  );

  route(app, 'POST', '/community/notifications/read', P.read, (c) =>
    page(c, async (actor) => {
      await markNotificationsRead(dbOf(c), actor);
      return c.redirect('/community/notifications', 303);
    }),
  );
}

async function orgSlug(c: Context<AppEnv>, actor: Actor): Promise<string> {
  const row = await dbOf(c).selectFrom('organisations').select('slug').where('id', '=', actor.orgId).executeTakeFirst();
  return (row?.slug as string) ?? '';
}

async function proposeForm(c: Context<AppEnv>, actor: Actor, values: Record<string, string>, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const { process } = await boardFor(dbOf(c), actor, param(c, 'id'));
  const staff = !asResident(actor);
  const labels = {
    title: t('community.proposal.title'),
    body: t('community.proposal.body'),
    category: t('community.proposal.category'),
    place: t('community.proposal.place'),
    creditedTo: t('community.proposal.creditedTo'),
    photo: t('community.proposalPhoto.label'),
    caption: t('community.proposalPhoto.caption'),
    form: t('community.proposal.new'),
  };
  c.status(status);
  return c.html(
    <Layout c={c} title={t('community.proposal.new')}>
      <h1 id="f-form">{t('community.proposal.new')}</h1>
      <p>{process.title}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action={`/community/processes/${process.id}/propose`} csrf={c.get('csrf')} enctype="multipart/form-data">
        <Field t={t} name="title" label={labels.title} hint={t('community.proposal.titleHint')} value={values.title} error={errors.title} required />
        <TextArea t={t} name="body" label={labels.body} hint={t('community.proposal.bodyHint')} value={values.body} error={errors.body} />
        <Select
          t={t}
          name="category"
          label={labels.category}
          value={values.category}
          error={errors.category}
          options={PROPOSAL_CATEGORIES.map((k) => ({
            value: k,
            label: t(`community.proposalCategory.${k}`),
          }))}
        />
        <Field t={t} name="place" label={labels.place} value={values.place} error={errors.place} />
        <div>
          <label for="f-photo">{labels.photo}</label>
          <span class="hint" id="f-photo-hint">
            {t('community.proposalPhoto.hint')}
          </span>
          {errors.photo && (
            <span class="error" id="f-photo-error">
              {t(errors.photo)}
            </span>
          )}
          <input
            id="f-photo"
            type="file"
            name="photo"
            accept=".jpg,.jpeg,.png,image/jpeg,image/png"
            aria-invalid={errors.photo ? 'true' : undefined}
            aria-describedby={errors.photo ? 'f-photo-hint f-photo-error' : 'f-photo-hint'}
          />
        </div>
        <Field t={t} name="caption" label={labels.caption} hint={t('community.proposalPhoto.captionHint')} value={values.caption} error={errors.caption} />
        {staff && <Field t={t} name="creditedTo" label={labels.creditedTo} hint={t('community.proposal.creditedToHint')} value={values.creditedTo} error={errors.creditedTo} required />}
        <button type="submit">{t('community.proposal.submit')}</button>
      </PostForm>
    </Layout>,
  );
}
