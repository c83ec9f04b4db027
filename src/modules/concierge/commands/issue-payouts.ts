import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { periodBounds, priceLine, totalsOf } from '../domain/money.js';
import type { Desk } from '../queries/desk.js';

/** The organisation's next payout-statement number (its own series; the counter row lock hands them out one transaction at a time: no gap). */
async function nextPayoutNumber(tx: Tx, orgId: string): Promise<number> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO concierge_payout_counters (organisation_id, last_number) VALUES (${orgId}, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET last_number = concierge_payout_counters.last_number + 1
    RETURNING last_number`.execute(tx);
  return r.rows[0].last_number;
}

/**
 * Per provider of the desk, the payout statement of a period: its requests completed in the month at
 * the price frozen at dispatch, VAT per line. Idempotent (a provider's period is issued once, a request
 * paid out once) and run inside the monthly run's transaction. Issued statements are never changed.
 */
export async function issuePayoutsForDesk(tx: Tx, actor: Actor | null, desk: Desk, period: string): Promise<number> {
  const { from, to } = periodBounds(period);
  const requests = await tx
    .selectFrom('concierge_requests as r')
    .innerJoin('concierge_catalogue as c', 'c.id', 'r.catalogue_id')
    .innerJoin('concierge_providers as p', 'p.id', 'r.provider_id')
    .select(['r.id', 'r.provider_id', 'c.name_fr', 'r.quantity', 'r.unit_cost_cents', 'r.vat_rate_bp', 'r.completed_at'])
    .where('p.desk_id', '=', desk.id)
    .where('r.status', 'in', ['done', 'closed'])
    .where('r.unit_cost_cents', 'is not', null)
    .where('r.completed_at', '>=', sql<Date>`${from}::date AT TIME ZONE 'Europe/Paris'`)
    .where('r.completed_at', '<', sql<Date>`${to}::date AT TIME ZONE 'Europe/Paris'`)
    .where((e) => e.not(e.exists(e.selectFrom('concierge_payout_lines as l').select('l.id').whereRef('l.request_id', '=', 'r.id'))))
    .where((e) =>
      e.not(e.exists(e.selectFrom('concierge_payout_statements as s').select('s.id').whereRef('s.provider_id', '=', 'r.provider_id').where('s.period', '=', period))),
    )
    .orderBy('r.provider_id')
    .orderBy('r.completed_at')
    .execute();
  const byProvider = new Map<string, typeof requests>();
  for (const r of requests) byProvider.set(r.provider_id as string, [...(byProvider.get(r.provider_id as string) ?? []), r]);
  let issued = 0;
  for (const [providerId, rows] of byProvider) {
    const lines = rows.map((r) => priceLine({ label: r.name_fr, quantity: r.quantity, unitCents: r.unit_cost_cents as number, vatRateBp: r.vat_rate_bp as number, requestId: r.id }));
    const totals = totalsOf(lines);
    const number = await nextPayoutNumber(tx, desk.organisation_id);
    const row = await tx
      .insertInto('concierge_payout_statements')
      .values({
        organisation_id: desk.organisation_id,
        desk_id: desk.id,
        provider_id: providerId,
        number,
        period,
        net_cents: totals.netCents,
        vat_cents: totals.vatCents,
        gross_cents: totals.grossCents,
        issued_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('concierge_payout_lines')
      .values(
        lines.map((l, i) => ({
          organisation_id: desk.organisation_id,
          payout_id: row.id,
          position: i + 1,
          label: l.label,
          request_id: l.requestId,
          quantity: l.quantity,
          unit_cents: l.unitCents,
          vat_rate_bp: l.vatRateBp,
          net_cents: l.netCents,
          vat_cents: l.vatCents,
          gross_cents: l.grossCents,
        })),
      )
      .execute();
    await audit(tx, { action: 'concierge.payout_statement.issued', actor: actor ?? undefined, organisationId: desk.organisation_id, targetType: 'concierge_payout_statement', targetId: row.id as string, details: { number, period, providerId, grossCents: totals.grossCents } });
    issued++;
  }
  return issued;
}
