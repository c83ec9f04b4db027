import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { answerProposal } from '../commands/answer-proposal.js';
import { hideContent } from '../commands/comments.js';
import { addMilestone, completeMilestone, proposalOfMilestone } from '../commands/milestones.js';
import { Invalid } from '../errors.js';
import { P } from '../policy.js';
import { reportedProposals } from '../queries/moderation.js';
import { moderationQueue } from '../queries/proposals.js';
import { Notice } from '../views/parts.js';
import { dbOf, deliver, formFields, page, param } from './helpers.js';
import { proposalPage } from './proposal-page.js';

/** The landlord's side: proposals waiting for an answer, reported comments, answering and hiding. */
export function registerManageProposalPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/manage/proposals', P.moderate, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const f = formatters(c.get('locale'));
      const q = await moderationQueue(dbOf(c), actor);
      const reported = await reportedProposals(dbOf(c), actor);
      return c.html(
        <Layout c={c} title={t('community.queue.title')}>
          <h1>{t('community.queue.title')}</h1>
          <Notice t={t} done={c.req.query('done')} prefix="community.queue.done" />
          <h2>{t('community.queue.toAnswer')}</h2>
          <TableWrap label={t('community.queue.toAnswer')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('community.proposal.title')}</th>
                  <th scope="col">{t('community.queue.process')}</th>
                  <th scope="col">{t('community.queue.since')}</th>
                  <th scope="col">{t('community.answer.status')}</th>
                </tr>
              </thead>
              <tbody>
                {q.proposals.map((p) => (
                  <tr>
                    <td>
                      <a href={`/community/proposals/${p.id}`}>{p.title}</a>
                    </td>
                    <td>{p.process}</td>
                    <td>{f.date(p.created_at as Date)}</td>
                    <td>{t(`community.proposalStatus.${p.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <h2>{t('community.queue.reportedProposals')}</h2>
          {reported.length === 0 ? (
            <p>{t('community.queue.noReportedProposal')}</p>
          ) : (
            <ul>
              {reported.map((p) => (
                <li>
                  <a href={`/community/manage/moderate/proposal/${p.id}`}>{p.title}</a>
                  {` — ${t('community.queue.reports', { count: p.reports as number })}`}
                </li>
              ))}
            </ul>
          )}
          <h2>{t('community.queue.reported')}</h2>
          {q.comments.length === 0 ? (
            <p>{t('community.queue.noReport')}</p>
          ) : (
            <ul>
              {q.comments.map((cm) => (
                <li>
                  <p>{`« ${cm.body} » — ${t('community.queue.reports', { count: cm.reports })}`}</p>
                  <p>
                    <a href={`/community/proposals/${cm.proposal_id}`}>{cm.title}</a>
                  </p>
                  <PostForm action={`/community/manage/comments/${cm.id}/hide`} csrf={c.get('csrf')}>
                    <label for={`f-reason-${cm.id}`}>{t('community.queue.reason')}</label>
                    <input id={`f-reason-${cm.id}`} name="reason" type="text" required />
                    <button type="submit">{t('community.queue.hide')}</button>
                  </PostForm>
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      );
    }),
  );

  route(app, 'POST', '/community/manage/proposals/:id/answer', P.answer, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        await answerProposal(dbOf(c), actor, param(c, 'id'), form);
        deliver(c);
        return c.redirect(`/community/proposals/${param(c, 'id')}?done=answered`, 303);
      } catch (e) {
        if (e instanceof Invalid) return proposalPage(c, actor, e.errors, form, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/manage/proposals/:id/milestones', P.answer, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      try {
        await addMilestone(dbOf(c), actor, param(c, 'id'), form);
        return c.redirect(`/community/proposals/${param(c, 'id')}?done=milestoneAdded#milestones-title`, 303);
      } catch (e) {
        if (e instanceof Invalid) return proposalPage(c, actor, e.errors, form, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/manage/milestones/:id/done', P.answer, (c) =>
    page(c, async (actor) => {
      const form = await formFields(c);
      const proposalId = await proposalOfMilestone(dbOf(c), actor, param(c, 'id'));
      try {
        await completeMilestone(dbOf(c), actor, param(c, 'id'), form);
        deliver(c);
        return c.redirect(`/community/proposals/${proposalId}?done=milestoneDone#milestones-title`, 303);
      } catch (e) {
        if (e instanceof Invalid) return proposalPage(c, actor, { [`doneOn-${param(c, 'id')}`]: Object.values(e.errors)[0] }, form, e.status, proposalId);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/manage/comments/:id/hide', P.moderate, (c) =>
    page(c, async (actor) => {
      try {
        await hideContent(dbOf(c), actor, 'comment', param(c, 'id'), await formFields(c));
        return c.redirect('/community/manage/proposals?done=hidden', 303);
      } catch (e) {
        if (e instanceof Invalid) return c.redirect('/community/manage/proposals?done=reasonMissing', 303);
        throw e;
      }
    }),
  );
}
