import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { residentSide, staffDesk } from '../queries/desk.js';
import { listPayouts, type PayoutRow, payoutDetail } from '../queries/payouts.js';
import { providerAccount } from '../queries/provider-account.js';
import { listReceipts, type ReceiptListRow, receiptDetail } from '../queries/receipts.js';
import type { StatementLine } from '../queries/statements.js';
import { isUuid } from '../schemas.js';
import { landlordStatements, ownStatement } from './landlord-pages.js';
import { param } from './helpers.js';

// Response schemas are allowlists: what leaves the server is what is named here.
const METHODS = ['cash', 'transfer', 'direct_debit', 'cheque'] as const;
const Receipt = z.object({
  id: z.string(),
  number: z.number().int().describe('In the issuing organisation’s receipt series, without gaps'),
  paidOn: z.string().describe('YYYY-MM-DD'),
  method: z.enum(METHODS),
  amountCents: z.number().int(),
  pdf: z.string().describe('Path of the PDF, for the same caller in a browser session'),
});
const ReceiptDetail = Receipt.extend({
  issuer: z.string(),
  payer: z.string().nullable().describe('The household or landlord who paid'),
  reference: z.string(),
  statements: z.array(z.object({ statementId: z.string(), number: z.number().int(), period: z.string(), amountCents: z.number().int(), reversed: z.boolean() })),
});
const Line = z.object({
  position: z.number().int(),
  label: z.string(),
  quantity: z.number().int(),
  unitCents: z.number().int(),
  vatRateBp: z.number().int().describe('VAT rate in basis points (2000 = 20 %)'),
  netCents: z.number().int(),
  vatCents: z.number().int(),
  grossCents: z.number().int(),
});
const Payout = z.object({
  id: z.string(),
  number: z.number().int().describe('In the association’s payout series, without gaps'),
  period: z.string().describe('YYYY-MM'),
  provider: z.string(),
  netCents: z.number().int(),
  vatCents: z.number().int(),
  grossCents: z.number().int(),
  issuedAt: z.string(),
  pdf: z.string(),
});
const PayoutDetail = Payout.extend({ issuer: z.string(), lines: z.array(Line) });
const LandlordStatement = z.object({
  id: z.string(),
  number: z.number().int(),
  kind: z.enum(['statement', 'credit_note']),
  period: z.string(),
  correctsId: z.string().nullable(),
  netCents: z.number().int(),
  vatCents: z.number().int(),
  grossCents: z.number().int(),
  outstandingCents: z.number().int().nullable().describe('What is left to pay; null for a credit note'),
  issuedAt: z.string(),
  pdf: z.string(),
});
const LandlordStatementDetail = LandlordStatement.omit({ outstandingCents: true }).extend({ outstandingCents: z.number().int().nullable(), lines: z.array(Line) });

type Ctx = Context<AppEnv>;
const db = (c: Ctx) => c.get('services').database.db;
const iso = (d: Date | string) => new Date(d).toISOString();
const receiptOut = (r: ReceiptListRow, base: string) => Receipt.parse({ id: r.id, number: r.number, paidOn: r.paid_on, method: r.method, amountCents: r.amount_cents, pdf: `${base}/${r.id}/pdf` });
const lineOut = (l: StatementLine) =>
  Line.parse({ position: l.position, label: l.label, quantity: l.quantity, unitCents: l.unit_cents, vatRateBp: l.vat_rate_bp, netCents: l.net_cents, vatCents: l.vat_cents, grossCents: l.gross_cents });
const payoutOut = (r: PayoutRow, base: string) =>
  Payout.parse({ id: r.id, number: r.number, period: r.period, provider: r.party_name ?? '', netCents: r.net_cents, vatCents: r.vat_cents, grossCents: r.gross_cents, issuedAt: iso(r.issued_at), pdf: `${base}/${r.id}/pdf` });

/** Whose receipts: the household's (in its landlord's context) or the desk's (the association's staff). */
async function receiptSide(c: Ctx, staff: boolean): Promise<{ orgId: string; householdId: string | null; deskId: string | null; base: string } | null> {
  const actor = c.get('actor');
  if (!actor) return null;
  if (staff) {
    const desk = await staffDesk(db(c), actor);
    return desk && { orgId: desk.organisation_id, householdId: null, deskId: desk.id, base: '/concierge/desk/receipts' };
  }
  const side = await residentSide(db(c), actor);
  return side && { orgId: side.landlordId, householdId: side.card.householdId, deskId: null, base: '/concierge/receipts' };
}

/** Whose payout statements: the desk's (staff) or the provider's own (its account's organisation). */
async function payoutSide(c: Ctx, staff: boolean): Promise<{ orgId: string; deskId?: string; providerIds?: string[]; base: string } | null> {
  const actor = c.get('actor');
  if (!actor) return null;
  if (staff) {
    const desk = await staffDesk(db(c), actor);
    return desk && { orgId: desk.organisation_id, deskId: desk.id, base: '/concierge/desk/payouts' };
  }
  const account = await providerAccount(db(c), actor);
  return account && { orgId: account.orgId, providerIds: account.providers.map((p) => p.id), base: '/concierge/provider/payouts' };
}

function receiptEndpoints(app: Hono<AppEnv>, staff: boolean): void {
  const prefix = staff ? '/api/v1/concierge/desk/receipts' : '/api/v1/concierge/receipts';
  const permission = staff ? 'concierge.staff' : 'concierge.use';
  apiEndpoint(
    app,
    { method: 'GET', path: prefix as `/api/v1/${string}`, permission, tag: 'concierge', summary: staff ? 'The desk’s receipts, newest first' : 'The caller’s household’s receipts, newest first', response: z.object({ data: z.array(Receipt) }) },
    async (c) => {
      const side = await receiptSide(c, staff);
      if (!side) return apiError(c, 404, 'not_found');
      const rows = await withTenant(db(c), { orgId: side.orgId }, (tx) => listReceipts(tx, side.householdId ? { householdId: side.householdId } : { deskId: side.deskId as string }));
      return c.json({ data: rows.map((r) => receiptOut(r, side.base)) });
    },
  );
  apiEndpoint(
    app,
    { method: 'GET', path: `${prefix}/:id` as `/api/v1/${string}`, permission, tag: 'concierge', summary: staff ? 'One of the desk’s receipts with the statements it paid' : 'One of the household’s receipts with the statements it paid', response: ReceiptDetail },
    async (c) => {
      const side = await receiptSide(c, staff);
      const id = param(c, 'id');
      if (!side || !isUuid(id)) return apiError(c, 404, 'not_found');
      const d = await withTenant(db(c), { orgId: side.orgId }, (tx) => receiptDetail(tx, id, side.householdId));
      if (!d) return apiError(c, 404, 'not_found');
      const r = d.receipt;
      return c.json(
        ReceiptDetail.parse({
          ...receiptOut({ id: r.id, number: r.number, paid_on: r.paid_on, method: r.method, amount_cents: r.amount_cents }, side.base),
          issuer: r.issuer,
          payer: r.party_name,
          reference: r.reference,
          statements: d.parts.map((p) => ({ statementId: p.statement_id, number: p.number, period: p.period, amountCents: p.amount_cents, reversed: p.reversed })),
        }),
      );
    },
  );
}

function payoutEndpoints(app: Hono<AppEnv>, staff: boolean): void {
  const prefix = staff ? '/api/v1/concierge/desk/payouts' : '/api/v1/concierge/provider/payouts';
  const permission = staff ? 'concierge.staff' : 'concierge.provider';
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: prefix as `/api/v1/${string}`,
      permission,
      tag: 'concierge',
      summary: staff ? 'The desk’s payout statements to its providers, newest first' : 'The payout statements issued to the caller’s provider organisation, newest first',
      response: z.object({ data: z.array(Payout) }),
    },
    async (c) => {
      const side = await payoutSide(c, staff);
      if (!side) return apiError(c, 404, 'not_found');
      const rows = await withTenant(db(c), { orgId: side.orgId }, (tx) => listPayouts(tx, { deskId: side.deskId, providerIds: side.providerIds }));
      return c.json({ data: rows.map((r) => payoutOut(r, side.base)) });
    },
  );
  apiEndpoint(
    app,
    { method: 'GET', path: `${prefix}/:id` as `/api/v1/${string}`, permission, tag: 'concierge', summary: 'One payout statement with its lines (VAT per line)', response: PayoutDetail },
    async (c) => {
      const side = await payoutSide(c, staff);
      const id = param(c, 'id');
      if (!side || !isUuid(id)) return apiError(c, 404, 'not_found');
      const d = await withTenant(db(c), { orgId: side.orgId }, (tx) => payoutDetail(tx, id));
      if (!d || (side.providerIds && !side.providerIds.includes(d.statement.provider_id))) return apiError(c, 404, 'not_found');
      return c.json(PayoutDetail.parse({ ...payoutOut(d.statement, side.base), issuer: d.issuer, lines: d.lines.map(lineOut) }));
    },
  );
}

/** /api/v1/concierge money reads: receipts, payout statements, the landlord's own statements; same visibility as the pages. */
export function registerConciergeMoneyApi(app: Hono<AppEnv>): void {
  receiptEndpoints(app, false);
  receiptEndpoints(app, true);
  payoutEndpoints(app, true);
  payoutEndpoints(app, false);

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/concierge/landlord/statements',
      permission: 'concierge.landlord',
      tag: 'concierge',
      summary: 'The statements and credit notes billed to the caller’s landlord (its share of split fees), newest first, with the total left to pay',
      response: z.object({ data: z.array(LandlordStatement), dueCents: z.number().int() }),
    },
    async (c) => {
      const orgId = c.get('actor')?.orgId;
      if (!orgId) return apiError(c, 404, 'not_found');
      const rows = await landlordStatements(c, orgId);
      return c.json({
        data: rows.map((r) =>
          LandlordStatement.parse({
            id: r.id,
            number: r.number,
            kind: r.kind,
            period: r.period,
            correctsId: r.corrects_id,
            netCents: r.net_cents,
            vatCents: r.vat_cents,
            grossCents: r.gross_cents,
            outstandingCents: r.outstanding_cents,
            issuedAt: iso(r.issued_at),
            pdf: `/concierge/landlord/statements/${r.id}/pdf`,
          }),
        ),
        dueCents: rows.reduce((s, r) => s + (r.outstanding_cents ?? 0), 0),
      });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/landlord/statements/:id', permission: 'concierge.landlord', tag: 'concierge', summary: 'One statement billed to the caller’s landlord, with its lines', response: LandlordStatementDetail },
    async (c) => {
      const orgId = c.get('actor')?.orgId;
      const id = param(c, 'id');
      const found = orgId ? await ownStatement(c, orgId, id) : null;
      if (!found) return apiError(c, 404, 'not_found');
      const s = found.detail.statement;
      return c.json(
        LandlordStatementDetail.parse({
          id: s.id,
          number: s.number,
          kind: s.kind,
          period: s.period,
          correctsId: s.corrects_id,
          netCents: s.net_cents,
          vatCents: s.vat_cents,
          grossCents: s.gross_cents,
          outstandingCents: found.money?.outstandingCents ?? null,
          issuedAt: iso(s.issued_at),
          pdf: `/concierge/landlord/statements/${s.id}/pdf`,
          lines: found.detail.lines.map(lineOut),
        }),
      );
    },
  );
}
