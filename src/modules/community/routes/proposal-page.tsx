import type { Context } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { hasMilestones } from '../domain/proposal-status.js';
import { parisDate } from '../domain/paris-time.js';
import { P } from '../policy.js';
import { proposalDetail } from '../queries/proposals.js';
import { Milestones } from '../views/milestones.js';
import { Notice, Select, TextArea } from '../views/parts.js';
import { dbOf, param } from './helpers.js';

/** One proposal: what was asked, the landlord's dated answers, support, comments; the answer form for managers. */
export async function proposalPage(c: Context<AppEnv>, actor: Actor, errors: FieldErrors, values: Record<string, string>, status: 200 | 409 | 422 = 200, id = param(c, 'id')) {
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const p = await proposalDetail(dbOf(c), actor, id);
  const can = (perm: string) => authorize(actor, perm) === 'allow';
  const labels = {
    status: t('community.answer.status'),
    body: t('community.answer.body'),
    form: t('community.proposal.support'),
    comment: t('community.comment.body'),
    label: t('community.milestone.label'),
    plannedOn: t('community.milestone.plannedOnLabel'),
    ...Object.fromEntries(p.milestones.map((m) => [`doneOn-${m.id}`, t('community.milestone.doneOnLabel', { label: m.label })])),
  };
  const closed = p.status === 'done' || p.status === 'refused';
  c.status(status);
  return c.html(
    <Layout c={c} title={p.title}>
      <h1>{p.title}</h1>
      <Notice t={t} done={c.req.query('done')} prefix="community.proposal.done" />
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {p.hidden_at ? (
        <p>{t('community.proposal.hidden', { reason: p.hidden_reason ?? '' })}</p>
      ) : (
        <>
          <p>
            <strong>{t(`community.proposalStatus.${p.status}`)}</strong> · {t('community.proposal.supports', { count: p.supports })}
          </p>
          <p>{p.body}</p>
          {p.photo && <img class="photo" src={`/community/proposals/${p.id}/photo`} alt={p.photo.caption || p.title} width="480" />}
          <p class="hint">
            {t('community.proposal.meta', {
              who: p.credited_to ?? p.author ?? t('community.proposal.aResident'),
              date: f.date(p.created_at as Date),
              category: t(`community.proposalCategory.${p.category}`),
            })}
            {p.place ? ` · ${p.place}` : ''}
          </p>
        </>
      )}
      {!p.hidden_at && (can(P.comment) || can(P.moderate)) && (
        <div class="actions">
          {can(P.comment) && (
            <PostForm action={`/community/proposals/${p.id}/report`} csrf={c.get('csrf')}>
              <button type="submit" class="link">
                {t('community.proposal.report')}
              </button>
            </PostForm>
          )}
          {can(P.moderate) && <a href={`/community/manage/moderate/proposal/${p.id}`}>{t('community.moderate.hideProposal')}</a>}
        </div>
      )}
      {can(P.support) && !p.hidden_at && (
        <div id="f-form">
          {p.supported ? (
            <p>{t('community.proposal.youSupport')}</p>
          ) : (
            !closed && (
              <PostForm action={`/community/proposals/${p.id}/support`} csrf={c.get('csrf')}>
                <button type="submit">{t('community.proposal.support')}</button>
              </PostForm>
            )
          )}
        </div>
      )}
      <h2>{t('community.proposal.timeline')}</h2>
      <ol>
        <li>
          {t('community.proposal.receivedOn', {
            date: f.date(p.created_at as Date),
          })}
        </li>
        {p.answers.map((a) => (
          <li>
            <strong>{`${f.date(a.answered_at as Date)} — ${t(`community.proposalStatus.${a.status}`)}`}</strong>
            <p>{a.body}</p>
          </li>
        ))}
      </ol>
      <Milestones
        t={t}
        locale={c.get('locale')}
        csrf={c.get('csrf')}
        proposalId={p.id}
        milestones={p.milestones}
        canEdit={can(P.answer)}
        canAdd={can(P.answer) && hasMilestones(p.status as never)}
        errors={errors}
        values={values}
        today={parisDate(new Date())}
      />
      {can(P.answer) && p.next.length > 0 && (
        <>
          <h2>{t('community.answer.title')}</h2>
          <PostForm action={`/community/manage/proposals/${p.id}/answer`} csrf={c.get('csrf')}>
            <Select
              t={t}
              name="status"
              label={labels.status}
              value={values.status}
              error={errors.status}
              options={p.next.map((s) => ({
                value: s,
                label: t(`community.proposalStatus.${s}`),
              }))}
            />
            <TextArea t={t} name="body" label={labels.body} hint={t('community.answer.bodyHint')} value={values.body} error={errors.body} />
            <button type="submit">{t('community.answer.submit')}</button>
          </PostForm>
        </>
      )}
      <h2>{t('community.comment.title', { count: p.comments.length })}</h2>
      <ul>
        {p.comments.map((cm) =>
          cm.hidden_at ? (
            <li>
              {t('community.comment.hidden', {
                reason: cm.hidden_reason ?? '',
              })}
            </li>
          ) : (
            <li>
              <p>{cm.body}</p>
              <p class="hint">{`${cm.author}, ${f.dateTime(cm.created_at as Date)}`}</p>
              {can(P.comment) && (
                <PostForm action={`/community/comments/${cm.id}/report`} csrf={c.get('csrf')}>
                  <button type="submit" class="link">
                    {t('community.comment.report')}
                  </button>
                </PostForm>
              )}
              {can(P.moderate) && <a href={`/community/manage/moderate/comment/${cm.id}`}>{t('community.moderate.hideComment')}</a>}
            </li>
          ),
        )}
      </ul>
      {can(P.comment) && !p.hidden_at && (
        <PostForm action={`/community/proposals/${p.id}/comments`} csrf={c.get('csrf')}>
          <TextArea t={t} name="comment" label={labels.comment} value={values.comment} error={errors.comment} rows={3} />
          <button type="submit">{t('community.comment.submit')}</button>
        </PostForm>
      )}
      <p>
        <a href={`/community/processes/${p.process_id}`}>{p.process}</a>
      </p>
    </Layout>,
  );
}
