import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { hideContent } from '../commands/comments.js';
import { reportProposal } from '../commands/report-proposal.js';
import { Invalid } from '../errors.js';
import { P } from '../policy.js';
import { moderationItem } from '../queries/moderation.js';
import { dbOf, formFields, page, param } from './helpers.js';

/** Reporting a proposal, and the moderator's page to hide a proposal or a comment with a reason. */
export function registerModerationPages(app: Hono<AppEnv>): void {
  route(app, 'POST', '/community/proposals/:id/report', P.comment, (c) =>
    page(c, async (actor) => {
      await reportProposal(dbOf(c), actor, param(c, 'id'));
      return c.redirect(`/community/proposals/${param(c, 'id')}?done=reportedProposal`, 303);
    }),
  );

  route(app, 'GET', '/community/manage/moderate/:kind/:id', P.moderate, (c) => page(c, (actor) => moderatePage(c, actor, {}, '')));

  route(app, 'POST', '/community/manage/moderate/:kind/:id', P.moderate, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      const kind = param(c, 'kind') === 'proposal' ? 'proposal' : 'comment';
      try {
        const proposal = await hideContent(dbOf(c), actor, kind, param(c, 'id'), form);
        return c.redirect(`/community/proposals/${proposal}?done=hidden`, 303);
      } catch (e) {
        if (e instanceof Invalid) return moderatePage(c, actor, e.errors, form.reason ?? '', e.status);
        throw e;
      }
    }),
  );
}

async function moderatePage(c: Context<AppEnv>, actor: Actor, errors: FieldErrors, reason: string, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const item = await moderationItem(dbOf(c), actor, param(c, 'kind'), param(c, 'id'));
  const title = t(`community.moderate.title.${item.kind}`);
  c.status(status);
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ reason: t('community.moderate.reason') }} />
      <p>
        <a href={`/community/proposals/${item.proposal_id}`}>{item.proposal_title}</a>
      </p>
      <blockquote>
        {item.body.split('\n').map((line) => (
          <p>{line}</p>
        ))}
      </blockquote>
      <p class="hint">{t('community.moderate.meta', { author: item.author ?? t('community.proposal.aResident'), count: item.reports })}</p>
      {item.hidden_at && <p class="notice">{t('community.moderate.isHidden', { reason: item.hidden_reason ?? '' })}</p>}
      <PostForm action={`/community/manage/moderate/${item.kind}/${item.id}`} csrf={c.get('csrf')}>
        <Field t={t} name="reason" label={t('community.moderate.reason')} hint={t('community.moderate.reasonHint')} value={reason} error={errors.reason} required />
        <button type="submit">{t(item.hidden_at ? 'community.moderate.change' : 'community.moderate.hide')}</button>
      </PostForm>
      <h2>{t('community.moderate.history')}</h2>
      {item.history.length === 0 ? (
        <p>{t('community.moderate.noHistory')}</p>
      ) : (
        <ol>
          {item.history.map((h) => (
            <li>{`${f.dateTime(h.at)} — ${t(`community.moderate.action.${h.action.split('.').pop()}`)} — ${h.actor ?? ''}`}</li>
          ))}
        </ol>
      )}
      <p>
        <a href="/community/manage/proposals">{t('community.queue.title')}</a>
      </p>
    </Layout>,
  );
}
