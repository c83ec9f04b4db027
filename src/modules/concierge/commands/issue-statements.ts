import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { type PricedLine, periodBounds, priceLine, totalsOf } from '../domain/money.js';
import { FieldError } from '../errors.js';
import { type Pause, pausedForMonth } from '../domain/subscription-periods.js';
import type { Desk } from '../queries/desk.js';
import { isUuid } from '../schemas.js';
import { issuePayoutsForDesk } from './issue-payouts.js';
import { asStaff } from './parcels.js';
import { lockOwed } from './record-payment.js';

/**
 * The next number of the issuing organisation. The counter row stays locked until the transaction
 * ends, so numbers are handed out one transaction at a time and a rolled-back one gives its number back:
 * no gap, no duplicate.
 */
async function nextNumber(tx: Tx, orgId: string): Promise<number> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO concierge_statement_counters (organisation_id, last_number) VALUES (${orgId}, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET last_number = concierge_statement_counters.last_number + 1
    RETURNING last_number`.execute(tx);
  return r.rows[0].last_number;
}

/** The next number of the organisation's credit-note series (its own series, handed out the same way: no gap, no duplicate). */
async function nextCreditNumber(tx: Tx, orgId: string): Promise<number> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO concierge_credit_note_counters (organisation_id, last_number) VALUES (${orgId}, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET last_number = concierge_credit_note_counters.last_number + 1
    RETURNING last_number`.execute(tx);
  return r.rows[0].last_number;
}

type Party = {
  party: 'household' | 'landlord';
  landlordId: string;
  householdId: string | null;
  subscriptionId: string | null;
};

type Credit = { correctsId: string; lineIds: string[]; reason: string; idempotencyKey: string | null };

async function issue(tx: Tx, actor: Actor | null, desk: Desk, period: string, p: Party, lines: PricedLine[], credit: Credit | null = null): Promise<string> {
  const correctsId = credit?.correctsId ?? null;
  const number = credit ? await nextCreditNumber(tx, desk.organisation_id) : await nextNumber(tx, desk.organisation_id);
  const t = totalsOf(lines);
  const row = await tx
    .insertInto('concierge_statements')
    .values({
      organisation_id: desk.organisation_id,
      landlord_id: p.landlordId,
      desk_id: desk.id,
      number,
      kind: correctsId ? 'credit_note' : 'statement',
      party: p.party,
      subscription_id: p.subscriptionId,
      household_id: p.householdId,
      period,
      corrects_id: correctsId,
      reason: credit?.reason ?? '',
      idempotency_key: credit?.idempotencyKey ?? null,
      net_cents: t.netCents,
      vat_cents: t.vatCents,
      gross_cents: t.grossCents,
      issued_by: actor?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = row.id as string;
  if (lines.length) {
    await tx
      .insertInto('concierge_statement_lines')
      .values(
        lines.map((l, i) => ({
          organisation_id: desk.organisation_id,
          landlord_id: p.landlordId,
          statement_id: id,
          position: i + 1,
          label: l.label,
          request_id: l.requestId ?? null,
          corrects_line_id: credit ? credit.lineIds[i] : null,
          quantity: l.quantity,
          unit_cents: l.unitCents,
          vat_rate_bp: l.vatRateBp,
          net_cents: l.netCents,
          vat_cents: l.vatCents,
          gross_cents: l.grossCents,
        })),
      )
      .execute();
  }
  await audit(tx, {
    action: correctsId ? 'concierge.statement.credit_note' : 'concierge.statement.issued',
    actor: actor ?? undefined,
    organisationId: desk.organisation_id,
    targetType: 'concierge_statement',
    targetId: id,
    details: { number, period, party: p.party, grossCents: t.grossCents, ...(credit ? { corrects: correctsId, reason: credit.reason } : {}) },
  });
  return id;
}

/**
 * The monthly run for a period: per subscriber, its share of the fee and the services completed in
 * the month at frozen cost; per landlord, its shares; per provider, its payout statement. Idempotent: parties already issued for the
 * period are skipped, and the counter lock makes concurrent runs take turns.
 */
export async function issueStatements(db: Db, actor: Actor, period: string): Promise<{ issued: number; payouts: number }> {
  return asStaff(db, actor, (tx, desk) => runForDesk(tx, actor, desk, period));
}

/** The run itself, for a desk whose staff the caller has already checked (the command, or the demo seed); no actor for the monthly job. */
export async function runForDesk(tx: Tx, actor: Actor | null, desk: Desk, period: string): Promise<{ issued: number; payouts: number }> {
  const { from, to } = periodBounds(period);
  {
    await sql`INSERT INTO concierge_statement_counters (organisation_id) VALUES (${desk.organisation_id}) ON CONFLICT DO NOTHING`.execute(tx);
    await sql`SELECT 1 FROM concierge_statement_counters WHERE organisation_id = ${desk.organisation_id} FOR UPDATE`.execute(tx);
    const done = await tx
      .selectFrom('concierge_statements')
      .select(['party', 'household_id', 'landlord_id'])
      .where('desk_id', '=', desk.id)
      .where('period', '=', period)
      .where('kind', '=', 'statement')
      .execute();
    const issuedFor = new Set(done.map((d) => (d.party === 'household' ? d.household_id : `L${d.landlord_id}`)));
    const subs = await tx
      .selectFrom('concierge_subscriptions as s')
      .innerJoin('concierge_plans as p', 'p.id', 's.plan_id')
      .select(['s.id', 's.landlord_id', 's.household_id', 'p.name_fr', 'p.monthly_fee_cents', 'p.tenant_share_cents', 's.dwelling_reference', 's.household_name'])
      .where('s.desk_id', '=', desk.id)
      .where('s.starts_on', '<', to)
      .where((w) => w.or([w('s.ends_on', 'is', null), w('s.ends_on', '>=', from)]))
      .orderBy('s.dwelling_reference')
      .execute();
    // A month paused whole carries no fee (services completed that month are still billed).
    const pauses = subs.length
      ? await tx
          .selectFrom('concierge_subscription_pauses')
          .select(['subscription_id', 'id', sql<string>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on')])
          .where('subscription_id', 'in', subs.map((s) => s.id))
          .where('withdrawn_at', 'is', null)
          .execute()
      : [];
    const paused = new Set(pauses.filter((p) => pausedForMonth([p as Pause], from)).map((p) => p.subscription_id));
    let issued = 0;
    const landlordLines = new Map<string, PricedLine[]>();
    for (const s of subs) {
      const fee = !paused.has(s.id);
      const share = s.monthly_fee_cents - s.tenant_share_cents;
      if (fee && share > 0)
        landlordLines.set(s.landlord_id, [
          ...(landlordLines.get(s.landlord_id) ?? []),
          priceLine({
            // A confidential address leaves no dwelling on the subscription: the landlord's line names its household instead.
            label: `${s.dwelling_reference || s.household_name} — ${s.name_fr} — part bailleur`,
            quantity: 1,
            unitCents: share,
            vatRateBp: 0,
          }),
        ]);
      if (issuedFor.has(s.household_id)) continue;
      const lines: PricedLine[] = [];
      if (fee && s.tenant_share_cents > 0)
        lines.push(
          priceLine({
            label: `${s.name_fr} — part locataire`,
            quantity: 1,
            unitCents: s.tenant_share_cents,
            vatRateBp: 0,
          }),
        );
      const requests = await tx
        .selectFrom('concierge_requests as r')
        .innerJoin('concierge_catalogue as c', 'c.id', 'r.catalogue_id')
        .select(['r.id', 'c.name_fr', 'r.quantity', 'r.unit_cost_cents', 'r.vat_rate_bp'])
        .where('r.subscription_id', '=', s.id)
        .where('r.status', 'in', ['done', 'closed'])
        .where('r.completed_at', '>=', sql<Date>`${from}::date AT TIME ZONE 'Europe/Paris'`)
        .where('r.completed_at', '<', sql<Date>`${to}::date AT TIME ZONE 'Europe/Paris'`)
        .orderBy('r.completed_at')
        .execute();
      for (const r of requests)
        lines.push(
          priceLine({
            label: r.name_fr,
            quantity: r.quantity,
            unitCents: r.unit_cost_cents as number,
            vatRateBp: r.vat_rate_bp as number,
            requestId: r.id,
          }),
        );
      if (!fee && lines.length === 0) continue;
      await issue(
        tx,
        actor,
        desk,
        period,
        {
          party: 'household',
          landlordId: s.landlord_id,
          householdId: s.household_id,
          subscriptionId: s.id,
        },
        lines,
      );
      issued++;
    }
    for (const [landlordId, lines] of landlordLines) {
      if (issuedFor.has(`L${landlordId}`)) continue;
      await issue(
        tx,
        actor,
        desk,
        period,
        {
          party: 'landlord',
          landlordId,
          householdId: null,
          subscriptionId: null,
        },
        lines,
      );
      issued++;
    }
    // Per provider, what the association owes it for the month, under the same lock.
    const payouts = await issuePayoutsForDesk(tx, actor, desk, period);
    return { issued, payouts };
  }
}

export type CreditInput = {
  /** Quantity to cancel per line position; absent: everything not yet cancelled. */
  quantities?: Record<number, number>;
  reason?: string;
  idempotencyKey?: string;
};

/** What remains to cancel of each line of a statement: its amounts minus the credit-note lines naming it. */
export async function creditableLines(tx: Tx, statementId: string) {
  const lines = await tx
    .selectFrom('concierge_statement_lines as l')
    .select(['l.id', 'l.position', 'l.label', 'l.request_id', 'l.quantity', 'l.unit_cents', 'l.vat_rate_bp', 'l.net_cents', 'l.vat_cents', 'l.gross_cents'])
    .select([
      sql<number>`coalesce((SELECT sum(c.quantity) FROM concierge_statement_lines c WHERE c.corrects_line_id = l.id), 0)::int`.as('cq'),
      sql<number>`coalesce((SELECT sum(c.net_cents) FROM concierge_statement_lines c WHERE c.corrects_line_id = l.id), 0)::int`.as('cn'),
      sql<number>`coalesce((SELECT sum(c.vat_cents) FROM concierge_statement_lines c WHERE c.corrects_line_id = l.id), 0)::int`.as('cv'),
    ])
    .where('l.statement_id', '=', statementId)
    .orderBy('l.position')
    .execute();
  return lines.map((l) => ({
    id: String(l.id),
    position: l.position as number,
    label: l.label,
    requestId: l.request_id,
    unitCents: l.unit_cents,
    vatRateBp: l.vat_rate_bp,
    quantity: l.quantity + l.cq,
    netCents: l.net_cents + l.cn,
    vatCents: l.vat_cents + l.cv,
  }));
}

/**
 * Corrects an issued statement with a credit note (French invoicing rules): numbered in its own
 * series, it cancels all that is left of the statement or the quantities chosen per line, never more
 * than a line still holds (under the statement's lock, shared with payments). The statement itself is
 * never changed; its balance is its amount plus its credit notes minus its payments.
 */
export async function issueCreditNote(db: Db, actor: Actor, statementId: string, input: CreditInput = {}, outcome?: { replayed?: boolean }): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    const st = isUuid(statementId) ? await tx.selectFrom('concierge_statements').selectAll().where('id', '=', statementId).where('desk_id', '=', desk.id).executeTakeFirst() : undefined;
    if (!st) throw new HttpError(404);
    if (st.kind !== 'statement') throw new HttpError(409, 'concierge.error.creditOfCredit');
    const reason = (input.reason ?? '').trim();
    if (reason.length > 300) throw new FieldError('reason', 'concierge.error.creditReason');
    await lockOwed(tx, statementId);
    // After the lock: a send that waited on the first with the same key replays it; the same key for another correction is a field error.
    if (input.idempotencyKey) {
      const again = await tx.selectFrom('concierge_statements').select(['id', 'corrects_id', 'reason']).where('organisation_id', '=', desk.organisation_id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      if (again) {
        if (again.corrects_id !== statementId || again.reason !== reason) throw new FieldError('idempotencyKey', 'concierge.error.keyReused');
        if (outcome) outcome.replayed = true;
        return again.id as string;
      }
    }
    const left = await creditableLines(tx, statementId);
    const chosen: { line: (typeof left)[number]; priced: PricedLine }[] = [];
    for (const l of left) {
      const all = input.quantities === undefined;
      const qty = all ? l.quantity : (input.quantities?.[l.position] ?? 0);
      if (!Number.isInteger(qty) || qty < 0 || qty > l.quantity) throw new FieldError(`q${l.position}`, 'concierge.error.creditQuantity');
      if (qty === 0) continue;
      // The last of a line cancels exactly what it still holds, so a line cancelled in parts sums to zero.
      const priced =
        qty === l.quantity
          ? { label: l.label, quantity: -qty, unitCents: l.unitCents, vatRateBp: l.vatRateBp, requestId: l.requestId, netCents: -l.netCents, vatCents: -l.vatCents, grossCents: -(l.netCents + l.vatCents) }
          : priceLine({ label: l.label, quantity: -qty, unitCents: l.unitCents, vatRateBp: l.vatRateBp, requestId: l.requestId });
      chosen.push({ line: l, priced });
    }
    if (!chosen.length) {
      if (input.quantities !== undefined) throw new FieldError('lines', 'concierge.error.creditNothing');
      // Everything is already cancelled: the same request again answers with the last credit note.
      const last = await tx.selectFrom('concierge_statements').select('id').where('corrects_id', '=', statementId).orderBy('number', 'desc').executeTakeFirst();
      if (last) return last.id as string;
      throw new HttpError(409, 'concierge.error.creditNothingLeft');
    }
    return issue(
      tx,
      actor,
      desk,
      st.period,
      {
        party: st.party,
        landlordId: st.landlord_id,
        householdId: st.household_id,
        subscriptionId: st.subscription_id,
      },
      chosen.map((c) => c.priced),
      { correctsId: statementId, lineIds: chosen.map((c) => c.line.id), reason, idempotencyKey: input.idempotencyKey ?? null },
    );
  });
}
