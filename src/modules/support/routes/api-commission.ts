import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { attachmentResponse } from '../../../platform/files/index.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { decide } from '../commands/decide.js';
import { reopenForCorrection } from '../commands/fund-actions.js';
import { asActor, isUuid } from '../commands/result.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { buildAgenda, generateSessions, moveSession, openSession, signSession } from '../commands/sessions.js';
import { programmeById } from '../db/cases.js';
import { sessionById } from '../db/commission.js';
import { HARDSHIPS } from '../schemas.js';
import { canReadWithToken, canWriteWithToken } from '../policy.js';
import { listSessions, readSession } from '../queries/session-view.js';
import { minutesPdf } from '../views/minutes-pdf.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const STATUS = z.enum(['planned', 'open', 'signed']);
const SessionItem = z.object({ id: z.string(), programme: z.string(), heldOn: day, cutoffOn: day, status: STATUS, dossiers: z.number().int() });
const Decision = z.object({
  id: z.string(),
  dossierId: z.string(),
  outcome: z.enum(['granted', 'adjourned', 'refused']),
  monthlyCents: z.number().int().nullable(),
  months: z.number().int().nullable(),
  reason: z.string(),
  votes: z.object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int() }),
  correctsId: z.string().nullable().describe('The earlier decision this one corrects (a signed decision is never changed)'),
});
const SessionDetail = z.object({
  id: z.string(),
  programme: z.string(),
  heldOn: day,
  cutoffOn: day,
  status: STATUS,
  quorum: z.number().int(),
  members: z.array(z.object({ userId: z.string(), name: z.string(), present: z.boolean() })),
  agenda: z.array(
    z.object({
      dossierId: z.string(),
      code: z.string().describe('The dossier’s code: the commission never sees a name or an address'),
      status: z.string(),
      hardship: z.enum(HARDSHIPS),
      rentCents: z.number().int(),
      resourcesCents: z.number().int(),
      householdSize: z.number().int(),
      facts: z.string().optional().describe('Only in a browser session or for a token holding support.cases.sensitive when the programme is sensitive'),
    }),
  ),
  decisions: z.array(Decision),
  availableCents: z.number().int().nullable().describe('The fund’s available balance: credits − commitments + releases'),
});
const DecideBody = z.object({
  outcome: z.enum(['granted', 'adjourned', 'refused']),
  monthlyCents: z.number().int().min(1).max(100_000_000).optional().describe('Granted only: the monthly aid, at least 100 € and at most 90 % of the rent receipt'),
  months: z.number().int().min(1).max(99).optional().describe('Granted only: 12 at most'),
  reason: z.string().trim().max(1000).default('').describe('Required when refused'),
  votes: z.object({ for: z.number().int().min(0).max(50), against: z.number().int().min(0).max(50), abstain: z.number().int().min(0).max(50) }),
});
const Ok = z.object({ status: z.string() });

const SENSITIVE = 'Tokens: on a sensitive programme (rent aid is one) a token needs support.cases.sensitive as well; on a highly sensitive one it is refused (403).';

/** The session's programme sensitivity, if the caller's transaction sees the session (RLS) — else undefined, and the command answers 404. */
async function sessionSensitivity(db: Db, actor: Actor, sessionId: string): Promise<{ sensitivity: string; organisationId: string } | undefined> {
  if (!isUuid(sessionId)) return undefined;
  return asActor(db, actor, async (tx) => {
    const s = await sessionById(tx, sessionId);
    const p = s && (await programmeById(tx, s.programme_id));
    return p ? { sensitivity: p.sensitivity, organisationId: p.organisation_id } : undefined;
  });
}

/** A token may write on this session's programme (see canWriteWithToken); null when it may, the refusal otherwise. */
async function tokenWriteRefusal(c: Context<AppEnv>, sessionId: string): Promise<Response | null> {
  const { db, actor } = ctx(c);
  if (actor.kind !== 'token') return null;
  const s = await sessionSensitivity(db, actor, sessionId);
  if (!s) return null;
  if (canWriteWithToken(actor, s.sensitivity, s.organisationId) === 'allow') return null;
  return apiError(c, 403, 'forbidden', { form: c.get('t')('support.api.stepUpRequired') });
}

/** /api/v1/support: commission sessions, their agenda, decisions and signed minutes. */
export function registerSupportCommissionApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/sessions',
      permission: 'support.commission.sit',
      tag: 'support',
      summary: 'The commission sessions the caller sits on (or manages)',
      description: 'Newest first, 24 at most. Dates are Paris days.',
      response: z.object({ data: z.array(SessionItem) }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await listSessions(db, actor);
      if (!r.ok) return refused(c, r);
      return c.json({ data: r.sessions.map((s) => SessionItem.parse({ id: s.id, programme: s.programme, heldOn: s.held_on, cutoffOn: s.cutoff_on, status: s.status, dossiers: Number(s.items) })) });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/sessions/:id',
      permission: 'support.commission.sit',
      tag: 'support',
      summary: 'A commission session: members, agenda by dossier code, decisions, fund balance',
      description: `For the session's members and the programme's manager; others get 404. Every read is audited (support.session.read). The facts of each dossier: ${SENSITIVE.replace('Tokens: ', '').replace('; on a highly sensitive one it is refused (403)', '')}`,
      response: SessionDetail,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readSession(db, actor, param(c, 'id'));
      if (!r.ok) return refused(c, r);
      const v = r.view;
      const s = await sessionSensitivity(db, actor, v.session.id);
      const facts = s ? canReadWithToken(actor, s.sensitivity, s.organisationId) === 'allow' : false;
      return c.json(
        SessionDetail.parse({
          id: v.session.id,
          programme: v.programmeName,
          heldOn: v.session.held_on,
          cutoffOn: v.session.cutoff_on,
          status: v.session.status,
          quorum: v.session.quorum,
          members: v.members.map((m) => ({ userId: m.user_id, name: m.display_name, present: m.present })),
          agenda: v.agenda.map((a) => ({
            dossierId: a.dossier_id,
            code: a.code,
            status: a.status,
            hardship: a.hardship,
            rentCents: Number(a.rent_cents),
            resourcesCents: Number(a.resources_cents),
            householdSize: Number(a.household_size),
            facts: facts ? a.facts : undefined,
          })),
          decisions: v.decisions.map((d) => ({
            id: d.id,
            dossierId: d.dossier_id,
            outcome: d.outcome,
            monthlyCents: d.monthly_cents === null ? null : Number(d.monthly_cents),
            months: d.months,
            reason: d.reason,
            votes: { for: d.votes_for, against: d.votes_against, abstain: d.votes_abstain },
            correctsId: d.corrects_id,
          })),
          availableCents: v.availableCents,
        }),
      );
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/sessions/:id/minutes.pdf',
      permission: 'support.commission.sit',
      tag: 'support',
      summary: 'The minutes of a session as a PDF',
      description: 'Dossier codes, decisions, amounts, votes and reasons — no names. Marked as a draft until signed. Each download is audited (support.minutes.pdf).',
      response: z.string().describe('application/pdf, served as an attachment'),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readSession(db, actor, param(c, 'id'));
      if (!r.ok) return refused(c, r);
      const org = await db.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirst();
      const bytes = await minutesPdf({ t: c.get('t'), locale: c.get('locale'), v: r.view, organisation: (org?.name as string | undefined) ?? '' });
      await asActor(db, actor, (tx) => audit(tx, { action: 'support.minutes.pdf', actor, targetType: 'support_session', targetId: r.view.session.id, details: { via: 'api' } }));
      return attachmentResponse(bytes, { fileName: `pv-commission-${r.view.session.held_on}.pdf`, mediaType: 'application/pdf' });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/programmes/:id/sessions',
      permission: 'support.commission.manage',
      tag: 'support',
      summary: 'Plan the next commission sessions of a rent-aid programme',
      description: 'First Thursday of each month, moved to the next working day on a public holiday; sessions already planned stay as edited.',
      body: z.object({ count: z.number().int().min(1).max(12).default(3) }),
      response: z.object({ created: z.number().int() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await generateSessions(db, actor, param(c, 'id'), body.count);
      return r.ok ? c.json({ created: r.created }, 201) : refused(c, r);
    },
  );

  const sessionCommand = (path: string, summary: string, description: string, run: (c: Context<AppEnv>, db: Db, actor: Actor, id: string, body: unknown) => Promise<Response>, body?: z.ZodType) =>
    apiEndpoint(app, { method: 'POST', path: `/api/v1/support/sessions/:id/${path}` as `/api/v1/${string}`, permission: 'support.commission.manage', tag: 'support', summary, description: `${description} ${SENSITIVE}`, body, response: Ok }, async (c, input) => {
      const blocked = await tokenWriteRefusal(c, param(c, 'id'));
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      return run(c, db, actor, param(c, 'id'), input.body);
    });

  sessionCommand('agenda', 'Put every dossier ready by the cut-off on the agenda', '409 once the session is signed.', async (c, db, actor, id) => {
    const r = await buildAgenda(db, actor, id);
    return r.ok ? c.json({ status: 'saved', added: r.added }) : refused(c, r);
  });

  const OpenBody = z.object({ present: z.array(z.string().uuid()).max(50).default([]).describe('The members present (the quorum is counted on them)') });
  sessionCommand(
    'open',
    'Open the session with the members present',
    '409 when it is not planned.',
    async (c, db, actor, id, body) => {
      const r = await openSession(db, actor, id, (body as z.output<typeof OpenBody>).present);
      return r.ok ? c.json({ status: 'open' }) : refused(c, r);
    },
    OpenBody,
  );

  const DateBody = z.object({ heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('The new day of the session (a working day, not past)'), cutoffOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('The dossiers’ cut-off, on or before the session') });
  sessionCommand(
    'date',
    'Move a planned session to another day',
    '409 once the session is opened or when another session of the programme is held that day; 422 for a past day, a weekend or public holiday, or a cut-off after the session (messages under fields.heldOn / cutoffOn). The programme’s manager only. Audited support.session.move; each member of the session is told by their channel (the days and a link only).',
    async (c, db, actor, id, body) => {
      const r = await moveSession(db, actor, id, body as z.output<typeof DateBody>, new Date(), c.get('services').config.publicUrl);
      if (r.ok) deliverSoon(c.get('services'));
      return r.ok ? c.json({ status: 'saved' }) : refused(c, r);
    },
    DateBody,
  );

  sessionCommand('sign', 'Sign the minutes: the session’s decisions become immutable', '409 while a dossier on the agenda has no decision or the session is not open.', async (c, db, actor, id) => {
    const r = await signSession(db, actor, id);
    return r.ok ? c.json({ status: 'signed' }) : refused(c, r);
  });

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/sessions/:id/dossiers/:dossierId/decision',
      permission: 'support.commission.sit',
      tag: 'support',
      summary: 'Record the commission’s decision on a dossier',
      description: `Granted: monthly aid of at least 100 € and at most 90 % of the rent receipt, 12 months at most, and the total must fit the fund (422 with the rule's message otherwise; the fund never goes negative, even under concurrent decisions). Refused: a reason is required. 409 when the session is not open or the dossier is already decided. Send an Idempotency-Key header (8–100 visible characters): the same key and body again — even while the first is still being recorded — returns the first decision (200) instead of 409; the same key with another body is 422. ${SENSITIVE}`,
      body: DecideBody,
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const blocked = await tokenWriteRefusal(c, param(c, 'id'));
      if (blocked) return blocked;
      const t = c.get('t');
      const fields: Record<string, string> = {};
      if (body.outcome === 'refused' && !body.reason) fields.reason = t('support.rule.reason');
      if (body.outcome === 'granted' && body.monthlyCents === undefined) fields.monthlyCents = t('form.required');
      if (body.outcome === 'granted' && body.months === undefined) fields.months = t('support.rule.months');
      if (Object.keys(fields).length) return apiError(c, 422, 'invalid_body', fields);
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !/^[\x21-\x7e]{8,100}$/.test(key)) return apiError(c, 400, 'invalid_query', { 'Idempotency-Key': t('support.api.keyFormat') });
      const { db, actor } = ctx(c);
      const granted = body.outcome === 'granted';
      const r = await decide(
        db,
        actor,
        param(c, 'id'),
        param(c, 'dossierId'),
        {
          outcome: body.outcome,
          monthlyCents: granted ? (body.monthlyCents as number) : null,
          months: granted ? (body.months as number) : null,
          reason: body.reason,
          votes: body.votes,
        },
        key,
      );
      if (r.ok) return c.json({ id: r.decisionId }, r.replayed ? 200 : 201);
      // The rules speak of the body's own field names.
      const { monthly, ...rest } = r.errors;
      return refused(c, { ...r, errors: monthly ? { ...rest, monthlyCents: monthly } : rest });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/decisions/:id/correct',
      permission: 'support.commission.manage',
      tag: 'support',
      summary: 'Put a signed decision’s dossier before another session, to be corrected by a new decision',
      description: `The old decision stays as it was; a granted aid's unpaid months return to the fund meanwhile. 409 when the session is signed, the same or another programme's. ${SENSITIVE}`,
      body: z.object({ sessionId: z.string().uuid() }),
      response: Ok,
    },
    async (c, { body }) => {
      const blocked = await tokenWriteRefusal(c, body.sessionId);
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await reopenForCorrection(db, actor, param(c, 'id'), body.sessionId);
      return r.ok ? c.json({ status: 'on_agenda' }) : refused(c, r);
    },
  );
}
