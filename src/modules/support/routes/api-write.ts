import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { addNote, advanceStage, changeCaseStatus, completeStep } from '../commands/case-actions.js';
import { answerEligibility } from '../commands/eligibility.js';
import { nameLeaseDwelling } from '../commands/lease-slide.js';
import { correctLeaseDay } from '../commands/lease-corrections.js';
import { cancelPlannedEnd } from '../commands/lease-plan.js';
import { LEASE_END_REASONS } from '../domain/lease-end.js';
import { openCase } from '../commands/open-case.js';
import { closeReferral, referToPartner, SHAREABLE } from '../commands/referrals.js';
import type { Result } from '../commands/result.js';
import { ANSWERS } from '../db/eligibility.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { ctx, param } from './respond.js';

const Answer = z.object({ question: z.number().int().min(0).describe('Position of the question in the programme (0 is the first)'), answer: z.enum(ANSWERS) });
const OpenCaseBody = z.object({
  programmeId: z.string().uuid(),
  householdId: z.string().uuid(),
  situation: z.string().trim().max(4000).default(''),
  confidentialAddress: z.boolean().default(false),
  personUserId: z.string().nullable().optional().describe('The resident of the household (with an account) the case is about; absent or null: the household as a whole'),
  eligibility: z.array(Answer).max(20).default([]).describe('Answers to the programme’s eligibility questions; others may be given later'),
});
const ReferralBody = z.object({
  partnerId: z.string().uuid(),
  fields: z.array(z.enum(SHAREABLE)).min(1).describe('What the person agreed to share; "eligibility" carries the answers'),
  purpose: z.string().trim().min(1).max(300),
  consentUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Last day of the consent, in Paris'),
  consent: z.literal(true).describe('The person’s consent was recorded by the caller'),
});
const Created = z.object({ id: z.string(), reference: z.string().optional() });
const Done = z.object({ status: z.enum(['done', 'revoked', 'saved', 'closed']) });

const KEY = /^[\x21-\x7e]{8,100}$/;
/** The Idempotency-Key header: absent, or 8 to 100 visible ASCII characters. */
function idempotencyKey(c: Context<AppEnv>): string | undefined | false {
  const k = c.req.header('idempotency-key');
  if (k === undefined) return undefined;
  return KEY.test(k) ? k : false;
}

/** A command's refusal in the API's error shape, field messages in the caller's language. */
export function refused(c: Context<AppEnv>, r: Exclude<Result, { ok: true }>): Response {
  const t = c.get('t');
  // A refused Idempotency-Key is named as the header it came in (as the concierge and spaces APIs do).
  const fields = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k === 'idempotencyKey' ? 'Idempotency-Key' : k, t(v)]));
  if (r.status === 409) return c.json({ error: 'conflict', fields }, 409);
  if (r.status === 422) return apiError(c, 422, 'invalid_body', fields);
  if (r.status === 403) return apiError(c, 403, 'forbidden', Object.keys(fields).length ? fields : undefined);
  return apiError(c, r.status === 401 ? 401 : 404, r.status === 401 ? 'unauthenticated' : 'not_found');
}
const badKey = (c: Context<AppEnv>) => apiError(c, 400, 'invalid_query', { 'Idempotency-Key': c.get('t')('support.api.keyFormat') });

const TOKENS =
  'A token writes on a case with support.cases.read and support.cases.write (normal programme); on a sensitive one it also needs support.cases.sensitive; on a highly sensitive one it is refused (403) — those cases change only in a browser session after the second factor.';

/** /api/v1/support writes: the pages' commands, the same need-to-know, the token rule above, Idempotency-Key on creates. */
export function registerSupportWriteApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Open a case for a household in a programme',
      description: `The caller is assigned to the case. The household must live in one of the programme's residences or residence types (a programme naming none covers every residence): 422 at householdId otherwise. Send an Idempotency-Key header (8–100 characters): the same key again returns the first case (200) instead of opening another (201). ${TOKENS}`,
      body: OpenCaseBody,
      response: Created,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (key === false) return badKey(c);
      const { db, actor } = ctx(c);
      const r = await openCase(db, actor, { ...body, personUserId: body.personUserId ?? undefined, idempotencyKey: key });
      if (!r.ok) return refused(c, r);
      return c.json(Created.parse({ id: r.caseId, reference: r.reference }), r.replayed ? 200 : 201);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/steps/:stepId/complete',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Mark a step of a case done',
      description: `409 when the step is already done. ${TOKENS}`,
      response: Done,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await completeStep(db, actor, param(c, 'id'), param(c, 'stepId'));
      return r.ok ? c.json({ status: 'done' as const }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/stage',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Move a sliding lease, a housing adaptation or a transfer to its next stage',
      description: `Events: review_3m, review_6m, decide, slide, end (sliding lease); assess, decide_works, complete, decline (adaptation); diagnose, plan_works, finish_works, move, drop (transfer with accompanied self-renovation). 409 when the event does not apply to the current stage. A sliding lease's slide passes the lease to the household in the tenancy register on slideOn (default today; 422 at slideOn for a day more than 31 days ahead or not after the sublease's first day; 422 at event when the case names no dwelling; 409 when the register refuses it); its end needs endReason (and endReasonText for "other") and endOn, 422 otherwise, and closes the household's occupancy of the case's dwelling in the register on endOn; an endOn after today (six months ahead at most) plans the end instead: the stage stays, the answer gives plannedEndOn, and a daily job applies it on that day (sent again, it replaces the plan). ${TOKENS}`,
      body: z.object({
        event: z.string().min(1).max(40),
        endReason: z.enum(LEASE_END_REASONS).optional().describe('Sliding lease ended without a slide: why'),
        endReasonText: z.string().max(500).optional().describe('Required when endReason is "other"'),
        endOn: z.string().max(20).optional().describe('Sliding lease ended without a slide: its last day (YYYY-MM-DD; required); the register closes the occupancy that day; a day after today (six months ahead at most) plans the end'),
        slideOn: z.string().max(20).optional().describe('Sliding lease slide: the day the lease passes to the household (YYYY-MM-DD; default today, Paris; at most 31 days ahead)'),
      }),
      response: z.object({ stage: z.string(), plannedEndOn: z.string().optional().describe('A sliding lease’s end planned (endOn after today): its day; the stage and the register wait for it') }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await advanceStage(db, actor, param(c, 'id'), body.event, new Date(), { endReason: body.endReason, endReasonText: body.endReasonText, endOn: body.endOn, slideOn: body.slideOn });
      return r.ok ? c.json(r.plannedEndOn ? { stage: r.stage, plannedEndOn: r.plannedEndOn } : { stage: r.stage }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/lease/correct',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Correct a sliding lease’s slide day or the last day of a lease ended otherwise',
      description: `kind "slide": slideOn is the corrected day of the slide (same rule as the slide: at most 31 days ahead, after the sublease's first day); the register moves the sublease's end and the household's lease start together, while that lease is still the household's (409 at slideOn otherwise). kind "end": endOn is the corrected last day (today at the latest; not before the household moved in); the register's occupancy end moves too, 422 at endOn when another household, or the household's next dwelling, would overlap. correctionReason is required. 422 at the field at fault, nothing written; 409 when the lease has not slid (or not ended otherwise). ${TOKENS}`,
      body: z.object({
        kind: z.enum(['slide', 'end']),
        slideOn: z.string().max(20).optional().describe('kind "slide": the corrected day (YYYY-MM-DD)'),
        endOn: z.string().max(20).optional().describe('kind "end": the corrected last day (YYYY-MM-DD)'),
        correctionReason: z.string().max(1000).optional().describe('Why the day is corrected (required; 500 characters at most)'),
      }),
      response: z.object({ on: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await correctLeaseDay(db, actor, param(c, 'id'), { kind: body.kind, on: body.kind === 'slide' ? body.slideOn : body.endOn, reason: body.correctionReason });
      return r.ok ? c.json({ on: r.on }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/lease/planned-end/cancel',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Cancel a sliding lease’s planned end',
      description: `The case forgets the planned end (the register was never changed); 409 when none is planned. To change a plan, send the stage's end event again with another endOn. ${TOKENS}`,
      body: z.object({}),
      response: Done,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await cancelPlannedEnd(db, actor, param(c, 'id'));
      return r.ok ? c.json({ status: 'done' as const }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/lease',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Name a sliding lease’s dwelling and the association holding its lease',
      description: `Records the sublease in the tenancy register in the same transaction (the household's occupancy of that dwelling, held by the association). 422 at dwellingRef for a dwelling the landlord does not have or another household occupies, at partnerOrgId for an organisation that is not a partner association, at startsOn for a day after today; 409 once the lease has slid or ended. A confidential address is never named by token. ${TOKENS}`,
      body: z.object({
        dwellingRef: z.string().trim().min(1).max(60).describe('The dwelling’s reference in the landlord’s register'),
        partnerOrgId: z.string().uuid(),
        startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('Start of the sublease when the household moves into this dwelling; default today (Paris)'),
      }),
      response: Done,
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await nameLeaseDwelling(db, actor, param(c, 'id'), body);
      return r.ok ? c.json({ status: 'saved' as const }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/close',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Close a case with its outcome',
      description: `409 when already closed. ${TOKENS}`,
      body: z.object({ outcome: z.string().trim().min(1).max(1000) }),
      response: Done,
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await changeCaseStatus(db, actor, param(c, 'id'), 'close', body.outcome, c.get('services').config.publicUrl);
      return r.ok ? c.json({ status: 'closed' as const }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/notes',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Add a note to a case',
      description: `The note's text never goes into the audit trail. ${TOKENS}`,
      body: z.object({ body: z.string().trim().min(1).max(4000) }),
      response: Done,
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await addNote(db, actor, param(c, 'id'), body.body);
      return r.ok ? c.json({ status: 'saved' as const }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/eligibility',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Answer (or correct) eligibility questions of an open case',
      description: `Only the questions given are written; a question the programme does not have is refused (422). ${TOKENS}`,
      body: z.object({ answers: z.array(Answer).min(1).max(20) }),
      response: Done,
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await answerEligibility(db, actor, param(c, 'id'), body.answers, false);
      return r.ok ? c.json({ status: 'saved' as const }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/referrals',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Refer a case to a partner association, with the person’s consent',
      description: `The partner sees a copy of the fields listed, until the consent's last day or a revocation. Idempotency-Key as for opening a case. ${TOKENS}`,
      body: ReferralBody,
      response: Created,
    },
    async (c, { body }) => {
      const key = idempotencyKey(c);
      if (key === false) return badKey(c);
      const { db, actor } = ctx(c);
      const r = await referToPartner(db, actor, param(c, 'id'), { ...body, consent: 'on' }, key, c.get('services').config.publicUrl);
      if (!r.ok) return refused(c, r);
      deliverSoon(c.get('services'));
      return c.json(Created.parse({ id: r.referralId }), r.replayed ? 200 : 201);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/referrals/:referralId/revoke',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Revoke a referral (the person withdrew consent)',
      description: `The partner's access ends in the same transaction. 409 when the referral is not active. ${TOKENS}`,
      response: Done,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await closeReferral(db, actor, param(c, 'id'), param(c, 'referralId'), 'revoked', '', c.get('services').config.publicUrl);
      if (r.ok) deliverSoon(c.get('services'));
      return r.ok ? c.json({ status: 'revoked' as const }) : refused(c, r);
    },
  );
}
