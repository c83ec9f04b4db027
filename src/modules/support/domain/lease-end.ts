/**
 * Why a sliding lease ended without passing to the family ("autre issue"): the family left the dwelling,
 * the lease was ended through an eviction procedure, the family was rehoused elsewhere (another landlord,
 * a dwelling better suited), or another reason the adviser writes down.
 */
export const LEASE_END_REASONS = ['family_left', 'eviction', 'rehoused_elsewhere', 'other'] as const;
export type LeaseEndReason = (typeof LEASE_END_REASONS)[number];

export type LeaseEndInput = { endReason?: string | null; endReasonText?: string | null };

/** The reason to record, or the field error (catalogue key) when it is missing or "other" has no text. */
export function leaseEndReason(input: LeaseEndInput): { ok: true; reason: LeaseEndReason; text: string | null } | { ok: false; errors: Record<string, string> } {
  const reason = (input.endReason ?? '').trim();
  if (!(LEASE_END_REASONS as readonly string[]).includes(reason)) return { ok: false, errors: { endReason: 'support.lease.reasonRequired' } };
  const text = (input.endReasonText ?? '').trim();
  if (text.length > 500) return { ok: false, errors: { endReasonText: 'support.lease.reasonTextTooLong' } };
  if (reason === 'other' && !text) return { ok: false, errors: { endReasonText: 'support.lease.reasonTextRequired' } };
  // The text explains "other" only: a listed reason needs none, and none is kept.
  return { ok: true, reason: reason as LeaseEndReason, text: reason === 'other' ? text : null };
}
