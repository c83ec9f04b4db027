/** Who may order a service: every subscriber, subscribers of some plans, residents of some residences, or staff only. */
export const AUDIENCES = ['subscribers', 'plans', 'residences', 'staff'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type AudienceRule = { audience: string; audience_plan_ids: string[]; audience_residence_ids: string[] };
/** The household asking: its plan (null when not subscribed yet) and its residence. */
export type Orderer = { planId: string | null; residenceId: string };

/**
 * Why this household may not order the service (a message key), or null when it may. Online, a
 * staff-only service is never orderable; at the counter the concierge may order it for anyone
 * subscribed. Without a plan (not subscribed yet) a plan rule is not held against the household:
 * the catalogue shows what a subscription would open; the order itself still needs one.
 */
export function audienceRefusal(rule: AudienceRule, who: Orderer, via: 'online' | 'counter'): string | null {
  switch (rule.audience) {
    case 'subscribers':
      return null;
    case 'plans':
      return who.planId === null || rule.audience_plan_ids.includes(who.planId) ? null : 'concierge.audience.refused.plans';
    case 'residences':
      return rule.audience_residence_ids.includes(who.residenceId) ? null : 'concierge.audience.refused.residences';
    case 'staff':
      return via === 'counter' ? null : 'concierge.audience.refused.staff';
    default:
      return 'concierge.audience.refused.staff';
  }
}
