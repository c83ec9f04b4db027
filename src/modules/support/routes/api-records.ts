import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { pageOf, paging } from '../../../platform/api/schemas.js';
import { attachmentResponse } from '../../../platform/files/index.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { setLegalHold } from '../commands/case-actions.js';
import { downloadDocument, uploadDocument } from '../commands/documents.js';
import { externalSheet, recordExternalAnswer, referExternally, withdrawExternalReferral } from '../commands/external-referrals.js';
import { addCredit, endAidEarly, recordPayment } from '../commands/fund-actions.js';
import { SHAREABLE } from '../commands/referrals.js';
import { logSolidarityAction, solidarityActions } from '../commands/solidarity.js';
import { asActor } from '../commands/result.js';
import { caseById, programmeById } from '../db/cases.js';
import { canReadWithToken } from '../policy.js';
import { fundLedger } from '../queries/fund-ledger.js';
import { readCase } from '../queries/read-case.js';
import { externalSheetPdf } from '../views/external-sheet-pdf.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Ok = z.object({ status: z.string() });
const READS = 'Tokens: on a sensitive or highly sensitive programme a token needs support.cases.sensitive as well (403 otherwise). Every read is audited.';
const WRITES = 'Tokens: on a sensitive programme a token needs support.cases.sensitive as well; on a highly sensitive one it is refused (403).';

const Document = z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string(), uploader: z.string().nullable() });
const SharedValue = z.union([z.string(), z.number(), z.null(), z.array(z.object({ question: z.string(), answer: z.string() }))]);
const ExternalReferral = z.object({
  id: z.string(),
  association: z.string(),
  contact: z.string(),
  shared: z.record(z.string(), SharedValue).describe('Only the fields the person agreed to share; a confidential address never'),
  purpose: z.string(),
  consentUntil: day,
  status: z.enum(['sent', 'accepted', 'declined', 'withdrawn']),
  answer: z.string(),
  answeredAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string(),
  consentEndedOn: day.nullable().describe('The day the consent was recorded as ended (the sheet withdrawn)'),
});
const LedgerEntry = z.object({
  id: z.string(),
  kind: z.enum(['credit', 'commitment', 'release', 'payment']),
  amountCents: z.number().int(),
  label: z.string().describe('A credit’s label or a dossier’s code — never a name'),
  contributor: z.enum(['landlord', 'partner']).nullable(),
  decisionId: z.string().nullable(),
  at: z.string(),
});
const Balance = z.object({ creditsCents: z.number().int(), commitmentsCents: z.number().int(), releasesCents: z.number().int(), paymentsCents: z.number().int(), availableCents: z.number().int() });
const ExternalBody = z.object({
  association: z.string().trim().min(1).max(200),
  contact: z.string().trim().max(300).default(''),
  fields: z.array(z.enum(SHAREABLE)).min(1),
  purpose: z.string().trim().min(1).max(300),
  consentUntil: day.describe('Last day of the consent, in Paris'),
  consent: z.literal(true).describe('The person’s consent was recorded by the caller'),
});

/** For a token on a sensitive programme's case: 403 unless it holds support.cases.sensitive. Null when the read may go on (a case not visible is left to the read's own 404). */
async function tokenReadRefusal(c: Context<AppEnv>, caseId: string): Promise<Response | null> {
  const { db, actor } = ctx(c);
  if (actor.kind !== 'token') return null;
  const p = await asActor(db, actor, async (tx) => {
    const row = await caseById(tx, caseId);
    return row ? programmeById(tx, row.programme_id) : undefined;
  });
  if (!p || canReadWithToken(actor, p.sensitivity, p.organisation_id) === 'allow') return null;
  return apiError(c, 403, 'forbidden', { form: c.get('t')('support.api.stepUpRequired') });
}

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** /api/v1/support: a case's documents, referrals to associations not on Palier, legal hold; the rent-aid fund's ledger and payments. */
export function registerSupportRecordsApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/documents',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'A case’s documents (metadata only)',
      description: `Name, type, size, when and by whom; the content is downloaded one by one. ${READS}`,
      response: z.object({ data: z.array(Document) }),
    },
    async (c) => {
      const blocked = await tokenReadRefusal(c, param(c, 'id'));
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await readCase(db, actor, param(c, 'id'), 'api documents');
      if (!r.ok) return refused(c, r);
      return c.json({
        data: r.detail.documents.map((d) =>
          Document.parse({ id: d.id, fileName: d.file_name, mediaType: d.media_type, sizeBytes: Number(d.size_bytes), uploadedAt: d.uploaded_at.toISOString(), uploader: d.uploader }),
        ),
      });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/documents/:documentId',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'Download one document of a case',
      description: `Served as an attachment (nosniff, no-store). Each download is audited (support.case.document.download). ${READS}`,
      response: z.string().describe('The file (PDF, PNG or JPEG)'),
    },
    async (c) => {
      const blocked = await tokenReadRefusal(c, param(c, 'id'));
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await downloadDocument(db, actor, c.get('services').config.dataDir, param(c, 'id'), param(c, 'documentId'));
      if (!r.ok) return refused(c, r);
      return attachmentResponse(r.file.bytes, r.file);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/documents',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Add a document to an open case',
      description: `PDF, PNG or JPEG, 5 MB at most, recognised by its first bytes and its extension; sent as base64. 409 when the case is closed. ${WRITES}`,
      body: z.object({ fileName: z.string().trim().min(1).max(200), contentBase64: z.string().min(1).max(7_200_000) }),
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const bytes = new Uint8Array(Buffer.from(body.contentBase64, 'base64'));
      const r = await uploadDocument(db, actor, c.get('services').config.dataDir, param(c, 'id'), bytes.byteLength ? { name: body.fileName, bytes } : null);
      return r.ok ? c.json({ id: r.documentId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/external-referrals',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'A case’s referrals to associations that are not on Palier',
      description: `With the consented copy printed on the sheet and the association's answer. ${READS}`,
      response: z.object({ data: z.array(ExternalReferral) }),
    },
    async (c) => {
      const blocked = await tokenReadRefusal(c, param(c, 'id'));
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await readCase(db, actor, param(c, 'id'), 'api external referrals');
      if (!r.ok) return refused(c, r);
      return c.json({
        data: r.detail.externalReferrals.map((x) =>
          ExternalReferral.parse({ id: x.id, association: x.association, contact: x.contact, shared: x.shared, purpose: x.purpose, consentUntil: x.consent_until, status: x.status, answer: x.answer, answeredAt: x.answered_at?.toISOString() ?? null, withdrawnAt: x.withdrawn_at?.toISOString() ?? null, withdrawReason: x.withdraw_reason, consentEndedOn: x.consent_ended_on }),
        ),
      });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/external-referrals',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Refer a case to an association not on Palier, with the person’s consent',
      description: `Keeps a copy of only the consented fields for the sheet (a confidential address never). ${WRITES}`,
      body: ExternalBody,
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await referExternally(db, actor, param(c, 'id'), { association: body.association, contact: body.contact, fields: body.fields, purpose: body.purpose, consentUntil: body.consentUntil });
      return r.ok ? c.json({ id: r.referralId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/external-referrals/:referralId/answer',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Record the association’s answer to a referral sheet',
      description: `Recorded once: 409 when already answered. ${WRITES}`,
      body: z.object({ status: z.enum(['accepted', 'declined']), answer: z.string().trim().max(1000).default('') }),
      response: Ok,
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await recordExternalAnswer(db, actor, param(c, 'id'), param(c, 'referralId'), body.status, body.answer);
      return r.ok ? c.json({ status: body.status }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/external-referrals/:referralId/withdraw',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Withdraw a referral sheet, printed or not',
      description: `The reason (10 to 500 characters) is kept and audited (support.external_referral.withdraw); the person's consent is recorded as ended today; a sheet printed again says it was withdrawn and when. 409 when already withdrawn. ${WRITES}`,
      body: z.object({ reason: z.string().max(2000) }),
      response: z.object({ status: z.literal('withdrawn'), consentEndedOn: day }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await withdrawExternalReferral(db, actor, param(c, 'id'), param(c, 'referralId'), body.reason);
      if (!r.ok) return refused(c, r.errors.withdrawReason ? { ...r, errors: { reason: r.errors.withdrawReason } } : r);
      return c.json({ status: 'withdrawn' as const, consentEndedOn: r.consentEndedOn });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/external-referrals/:referralId/sheet.pdf',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'The referral sheet as a PDF',
      description: `Only the consented fields. Each printing is audited (support.external_referral.sheet). ${WRITES}`,
      response: z.string().describe('application/pdf, served as an attachment'),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await externalSheet(db, actor, param(c, 'id'), param(c, 'referralId'), 'pdf');
      if (!r.ok) return refused(c, r);
      const bytes = await externalSheetPdf({ t: c.get('t'), locale: c.get('locale'), r: r.referral, organisation: r.organisation });
      return attachmentResponse(bytes, { fileName: `orientation-${String(r.referral.shared.reference ?? 'fiche')}.pdf`, mediaType: 'application/pdf' });
    },
  );

  const Action = z.object({ id: z.string(), title: z.string(), heldOn: day, residents: z.number().int(), communityEvent: z.object({ id: z.string(), title: z.string() }).nullable() });
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/solidarity-actions',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'A solidarity flat-share’s actions with residents',
      description: `Newest first, each with the community event it is linked to. ${READS}`,
      response: z.object({ data: z.array(Action) }),
    },
    async (c) => {
      const blocked = await tokenReadRefusal(c, param(c, 'id'));
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await readCase(db, actor, param(c, 'id'), 'api solidarity actions');
      if (!r.ok) return refused(c, r);
      const rows = await asActor(db, actor, (tx) => solidarityActions(tx, r.detail.row.id));
      return c.json({
        data: rows.map((x) => Action.parse({ id: x.id, title: x.title, heldOn: x.held_on, residents: x.residents, communityEvent: x.community_event_id ? { id: x.community_event_id, title: x.community_event_title ?? '' } : null })),
      });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/solidarity-actions',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Log a solidarity action of a flat-share, optionally linked to a community event',
      description: `The event must be one of the landlord's activities held in the past year with its report written (422 otherwise); 409 when the case is not a solidarity flat-share. ${WRITES}`,
      body: z.object({ title: z.string().trim().min(1).max(200), heldOn: day, residents: z.number().int().min(0).max(10000).default(0), communityEventId: z.string().uuid().optional() }),
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await logSolidarityAction(db, actor, param(c, 'id'), body);
      return r.ok ? c.json({ id: r.actionId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/hold',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'Place or lift a legal hold on a case',
      description: `A legal hold suspends the retention rule (no anonymisation or deletion) until lifted. The programme's manager only (403 otherwise). Audited support.case.hold / .release. ${WRITES}`,
      body: z.object({ hold: z.boolean() }),
      response: z.object({ hold: z.boolean() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await setLegalHold(db, actor, param(c, 'id'), body.hold);
      return r.ok ? c.json({ hold: body.hold }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/programmes/:id/fund',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'A rent-aid fund’s balance and ledger',
      description: 'Credits (landlord or partner contributions), commitments (granted aid), releases (aid ended early or corrected) and payments, newest first. Available = credits − commitments + releases, never negative. The programme’s manager only; the read is audited (support.fund.read).',
      query: z.object({ ...paging }),
      response: z.object({ balance: Balance, ledger: pageOf(LedgerEntry) }),
    },
    async (c, { query }) => {
      const { db, actor } = ctx(c);
      const r = await fundLedger(db, actor, param(c, 'id'), query);
      if (!r.ok) return refused(c, r);
      const f = r.fund;
      return c.json({
        balance: Balance.parse({ creditsCents: f.credits, commitmentsCents: f.commitments, releasesCents: f.releases, paymentsCents: f.payments, availableCents: f.available }),
        ledger: {
          data: r.entries.map((e) => LedgerEntry.parse({ id: String(e.id), kind: e.kind, amountCents: Number(e.amount_cents), label: e.label, contributor: e.contributor, decisionId: e.decision_id, at: e.at.toISOString() })),
          total: r.total,
          limit: query.limit,
          offset: query.offset,
        },
      });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/programmes/:id/credits',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'Record a contribution to the fund',
      description: 'By the programme’s manager: the amount, a label, and whether the landlord or a partner put it in. Audited (support.fund.credit).',
      body: z.object({ amountCents: z.number().int().min(1).max(99_999_999), label: z.string().trim().min(1).max(200), contributor: z.enum(['landlord', 'partner']).default('landlord') }),
      response: Ok,
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await addCredit(db, actor, param(c, 'id'), { amount: euros(body.amountCents), label: body.label, contributor: body.contributor });
      return r.ok ? c.json({ status: 'saved' }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/instalments/:instalmentId/paid',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Record a month’s credit on the rent receipt as paid',
      description: `409 when already paid or released. ${WRITES}`,
      response: Ok,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await recordPayment(db, actor, param(c, 'id'), param(c, 'instalmentId'));
      return r.ok ? c.json({ status: 'paid' }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/decisions/:decisionId/end',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'End a granted aid early (the situation improved)',
      description: `The unpaid months from this month on are released to the fund. ${WRITES}`,
      response: z.object({ releasedCents: z.number().int() }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await endAidEarly(db, actor, param(c, 'id'), param(c, 'decisionId'));
      return r.ok ? c.json({ releasedCents: r.releasedCents }) : refused(c, r);
    },
  );
}
