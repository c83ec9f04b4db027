/** The rent-aid rules of the programme (Logirem's ASQ): at least 100 €, at most 90 % of the rent receipt, 12 months at most. */
export const RENT_AID = { floorCents: 10_000, ceilingPercent: 90, maxMonths: 12 } as const;

export type GrantInput = { monthlyCents: number; months: number; rentCents: number; availableCents: number };
export type GrantErrors = Partial<Record<'monthly' | 'months' | 'fund', string>>;

/** The largest monthly aid the rent receipt allows, in whole cents rounded down. */
export function ceilingCents(rentCents: number): number {
  return Math.floor((rentCents * RENT_AID.ceilingPercent) / 100);
}

/** Every rule a grant breaks, as message keys by field; empty when the grant may be decided. */
export function checkGrant(g: GrantInput): GrantErrors {
  const errors: GrantErrors = {};
  if (!Number.isInteger(g.monthlyCents) || g.monthlyCents < RENT_AID.floorCents) errors.monthly = 'support.rule.floor';
  else if (g.monthlyCents > ceilingCents(g.rentCents)) errors.monthly = 'support.rule.ceiling';
  if (!Number.isInteger(g.months) || g.months < 1 || g.months > RENT_AID.maxMonths) errors.months = 'support.rule.months';
  if (!errors.monthly && !errors.months && g.monthlyCents * g.months > g.availableCents) errors.fund = 'support.rule.fund';
  return errors;
}
