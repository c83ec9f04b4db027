/** Money of the concierge: integer cents only; VAT rates in basis points (2000 = 20 %). */

export type Line = { label: string; quantity: number; unitCents: number; vatRateBp: number; requestId?: string | null };
export type PricedLine = Line & { netCents: number; vatCents: number; grossCents: number };
export type Totals = { netCents: number; vatCents: number; grossCents: number };

function assertCents(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer number of cents`);
}

/**
 * VAT per line, rounded half away from zero to the cent: each line is exact, and the statement's
 * totals are the sums of its lines, so they always add up.
 */
export function priceLine(line: Line): PricedLine {
  assertCents(line.unitCents, 'unit price');
  if (!Number.isInteger(line.quantity)) throw new RangeError('quantity must be an integer');
  const netCents = line.unitCents * line.quantity;
  const raw = (Math.abs(netCents) * line.vatRateBp) / 10_000;
  const vatCents = Math.sign(netCents) * Math.round(raw);
  return { ...line, netCents, vatCents, grossCents: netCents + vatCents };
}

export function totalsOf(lines: PricedLine[]): Totals {
  return lines.reduce((t, l) => ({ netCents: t.netCents + l.netCents, vatCents: t.vatCents + l.vatCents, grossCents: t.grossCents + l.grossCents }), { netCents: 0, vatCents: 0, grossCents: 0 });
}

/** A plan's fee split: the tenant pays its share, the landlord the rest. */
export function feeSplit(plan: { monthlyFeeCents: number; tenantShareCents: number }): { tenantCents: number; landlordCents: number } {
  assertCents(plan.monthlyFeeCents, 'fee');
  assertCents(plan.tenantShareCents, 'tenant share');
  if (plan.tenantShareCents < 0 || plan.tenantShareCents > plan.monthlyFeeCents) throw new RangeError('tenant share outside the fee');
  return { tenantCents: plan.tenantShareCents, landlordCents: plan.monthlyFeeCents - plan.tenantShareCents };
}

/** A credit note cancels its statement line by line: the same lines with opposite signs. */
export function creditLines(lines: PricedLine[]): PricedLine[] {
  return lines.map((l) => ({ ...l, quantity: -l.quantity, netCents: -l.netCents, vatCents: -l.vatCents, grossCents: -l.grossCents }));
}

/** The request's price frozen at dispatch: provider cost price × quantity, before VAT. */
export function requestNetCents(unitCostCents: number, quantity: number): number {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be a positive integer');
  assertCents(unitCostCents, 'unit cost');
  return unitCostCents * quantity;
}

/** The first and the day after the last day of a period 'YYYY-MM' (a half-open range of dates). */
export function periodBounds(period: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new RangeError('period must be YYYY-MM');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) throw new RangeError('period must be YYYY-MM');
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: `${period}-01`, to: `${next}-01` };
}
