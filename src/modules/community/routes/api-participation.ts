import type { Hono } from 'hono';
import { z } from 'zod';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { answerProposal } from '../commands/answer-proposal.js';
import { commentOnProposal, hideContent, reportComment } from '../commands/comments.js';
import { addMilestone, completeMilestone } from '../commands/milestones.js';
import { attachProposalPhoto } from '../commands/proposal-photo.js';
import { reportProposal } from '../commands/report-proposal.js';
import { supportProposal } from '../commands/support-proposal.js';
import { PROPOSAL_STATUSES } from '../domain/proposal-status.js';
import { P } from '../policy.js';
import { listProcesses, proposalDetail } from '../queries/proposals.js';
import { PROPOSAL_CATEGORIES } from '../schemas.js';
import { answer } from './api.js';
import { dbOf, deliver, param } from './helpers.js';

// Field allowlists: comments and proposals never name their author in the API; contacts stay on the server.
const day = z.string().describe('YYYY-MM-DD');
export const ProcessItem = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  startsOn: day,
  endsOn: day.nullable(),
  residence: z.string().nullable().describe('The residence it is for; null when open to all the landlord’s residents'),
  proposals: z.number().int(),
  answered: z.number().int().describe('Proposals that have had at least one answer'),
});
const Milestone = z.object({ id: z.string(), label: z.string(), plannedOn: day.nullable(), doneOn: day.nullable() });
export const ProposalDetail = z.object({
  id: z.string(),
  processId: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.enum(PROPOSAL_CATEGORIES),
  place: z.string().nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  supports: z.number().int(),
  supportedByMe: z.boolean().describe('The caller’s household supports it'),
  hiddenReason: z.string().nullable().describe('Set when a moderator hid it; the text is then left out'),
  answers: z.array(z.object({ status: z.enum(PROPOSAL_STATUSES), body: z.string(), answeredAt: z.string() })).describe('The landlord’s dated public answers, oldest first'),
  photo: z.object({ url: z.string().describe('Path of the image; same access as the proposal'), description: z.string() }).nullable(),
  milestones: z.array(Milestone).describe('Progress milestones of an accepted proposal'),
  comments: z.array(z.object({ id: z.string(), body: z.string().nullable(), hiddenReason: z.string().nullable(), createdAt: z.string() })),
  nextStatuses: z.array(z.enum(PROPOSAL_STATUSES)).describe('Statuses the landlord may answer next'),
});
const Ok = z.object({ status: z.literal('ok') });
const Text = (name: string, what: string) => z.object({ [name]: z.string().describe(what) });

const iso = (d: unknown) => new Date(d as string).toISOString();

/** /api/v1/community processes and proposals: the same commands, checks and visibility as the pages. */
export function registerParticipationApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/community/processes', permission: P.read, tag: 'community', summary: 'Participation processes the caller may see', response: z.object({ data: z.array(ProcessItem) }) },
    (c) =>
      answer(c, async (actor) =>
        c.json({
          data: (await listProcesses(dbOf(c), actor)).map((p) => ProcessItem.parse({ ...p, startsOn: p.starts_on, endsOn: p.ends_on, proposals: Number(p.proposals), answered: Number(p.answered) })),
        }),
      ),
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/community/proposals/:id', permission: P.read, tag: 'community', summary: 'One proposal: answers, milestones, comments', response: ProposalDetail },
    (c) =>
      answer(c, async (actor) => {
        const p = await proposalDetail(dbOf(c), actor, param(c, 'id'));
        const hidden = p.hidden_at !== null;
        return c.json(
          ProposalDetail.parse({
            ...p,
            processId: p.process_id,
            body: hidden ? '' : p.body,
            supports: Number(p.supports),
            supportedByMe: p.supported,
            hiddenReason: hidden ? p.hidden_reason : null,
            answers: p.answers.map((a) => ({ status: a.status, body: a.body, answeredAt: iso(a.answered_at) })),
            photo: p.photo ? { url: `/community/proposals/${p.id}/photo`, description: p.photo.caption } : null,
            milestones: p.milestones.map((m) => ({ id: m.id, label: m.label, plannedOn: m.planned_on, doneOn: m.done_on })),
            comments: p.comments.map((cm) => ({ id: cm.id, body: cm.hidden_at ? null : cm.body, hiddenReason: cm.hidden_at ? cm.hidden_reason : null, createdAt: iso(cm.created_at) })),
            nextStatuses: p.next,
          }),
        );
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/community/proposals/:id/supports', permission: P.support, tag: 'community', summary: 'Support a proposal (once per household; 409 after)', response: Ok },
    (c) =>
      answer(c, async (actor) => {
        await supportProposal(dbOf(c), actor, param(c, 'id'));
        return c.json({ status: 'ok' as const }, 201);
      }),
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/community/proposals/:id/comments', permission: P.comment, tag: 'community', summary: 'Comment on a proposal', body: Text('body', '1–2,000 characters'), response: z.object({ id: z.string() }) },
    (c, { body }) => answer(c, async (actor) => c.json({ id: await commentOnProposal(dbOf(c), actor, param(c, 'id'), body) }, 201)),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/proposals/:id/photo',
      permission: P.propose,
      tag: 'community',
      summary: 'Add the photo of the place to a proposal (multipart/form-data)',
      description:
        'The author’s household, or staff entering proposals. JPEG or PNG recognised by their bytes, 5 MB at most; the description read to people who cannot see the image is required. Field errors 422 (`photo`, `caption`); one photo per proposal (409 after). Served at the `photo.url` of the proposal.',
      upload: z.object({
        photo: z.string().describe('The image file (binary)').meta({ format: 'binary' }),
        caption: z.string().describe('What the photo shows, 3–200 characters; required'),
      }),
      response: Ok,
    },
    (c) =>
      answer(c, async (actor) => {
        const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        // An empty file with a name is refused as empty (issue 9), not taken for a missing one.
        const file = form.photo instanceof File && (form.photo.size > 0 || form.photo.name !== '') ? form.photo : null;
        const upload = file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
        await attachProposalPhoto(dbOf(c), actor, param(c, 'id'), { caption: typeof form.caption === 'string' ? form.caption : undefined }, upload, c.get('services').config.dataDir);
        return c.json({ status: 'ok' as const }, 201);
      }),
  );

  for (const kind of ['proposals', 'comments'] as const)
    apiEndpoint(
      app,
      { method: 'POST', path: `/api/v1/community/${kind}/:id/reports`, permission: P.comment, tag: 'community', summary: `Report a ${kind === 'proposals' ? 'proposal' : 'comment'} to the moderators (once per person)`, response: Ok },
      (c) =>
        answer(c, async (actor) => {
          if (kind === 'proposals') await reportProposal(dbOf(c), actor, param(c, 'id'));
          else await reportComment(dbOf(c), actor, param(c, 'id'));
          return c.json({ status: 'ok' as const }, 201);
        }),
    );

  for (const kind of ['proposals', 'comments'] as const)
    apiEndpoint(
      app,
      {
        method: 'POST',
        path: `/api/v1/community/${kind}/:id/hide`,
        permission: P.moderate,
        tag: 'community',
        summary: `Hide a ${kind === 'proposals' ? 'proposal' : 'comment'} with a reason shown in its place`,
        body: Text('reason', 'Required, 3–500 characters'),
        response: Ok,
      },
      (c, { body }) =>
        answer(c, async (actor) => {
          await hideContent(dbOf(c), actor, kind === 'proposals' ? 'proposal' : 'comment', param(c, 'id'), body);
          return c.json({ status: 'ok' as const });
        }),
    );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/proposals/:id/answers',
      permission: P.answer,
      tag: 'community',
      summary: 'Answer a proposal: a new status and a dated public answer',
      description: 'A refusal needs its reason (422). A move the status does not allow: 409. The author, supporters and commenters are told by their own channel.',
      body: z.object({ status: z.enum(PROPOSAL_STATUSES), body: z.string().describe('The public answer; required') }),
      response: z.object({ id: z.string(), notified: z.number().int() }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const done = await answerProposal(dbOf(c), actor, param(c, 'id'), body);
        deliver(c);
        return c.json({ id: done.answerId, notified: done.notified }, 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/proposals/:id/milestones',
      permission: P.answer,
      tag: 'community',
      summary: 'Add a progress milestone to an accepted proposal (409 otherwise)',
      body: z.object({ label: z.string(), plannedOn: day.optional() }),
      response: z.object({ id: z.string() }),
    },
    (c, { body }) => answer(c, async (actor) => c.json(await addMilestone(dbOf(c), actor, param(c, 'id'), body), 201)),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/community/milestones/:id/done',
      permission: P.answer,
      tag: 'community',
      summary: 'Mark a milestone done (once; 409 after); everyone concerned is told',
      body: z.object({ doneOn: day }),
      response: Ok,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        await completeMilestone(dbOf(c), actor, param(c, 'id'), body);
        deliver(c);
        return c.json({ status: 'ok' as const });
      }),
  );
}
