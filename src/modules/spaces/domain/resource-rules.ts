import type { OpeningInterval, SpaceRules } from './rules.js';

/** A resource's own rules: a value replaces the space's rule for this resource; null or absent keeps the space's. */
export type RuleOverrides = { [K in keyof SpaceRules]?: SpaceRules[K] | null } & { approvalRequired?: boolean | null };

/** The rules a resource is booked under: the space's, with the resource's own values in their place. */
export function effectiveRules(space: SpaceRules, overrides: RuleOverrides | undefined): SpaceRules {
  const out: SpaceRules = { ...space };
  if (!overrides) return out;
  for (const k of Object.keys(space) as (keyof SpaceRules)[]) {
    const v = overrides[k];
    if (v !== null && v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

type WithRules = { overrides?: RuleOverrides; ownHours?: OpeningInterval[] | null | boolean };

/** The rules of a resource of a space (the space's rules when the resource is unknown). */
export function rulesOf(space: { rules: SpaceRules }, resource: WithRules | undefined): SpaceRules {
  return effectiveRules(space.rules, resource?.overrides);
}

/** Whether a booking of this resource waits for a decision. */
export function approvalOf(space: { approvalRequired: boolean }, resource: WithRules | undefined): boolean {
  const own = resource?.overrides?.approvalRequired;
  return own === null || own === undefined ? space.approvalRequired : own;
}

/** The opening hours of a resource: its own when it has them, else the space's. */
export function hoursOf(spaceHours: OpeningInterval[], resource: { ownHours?: OpeningInterval[] | null } | undefined): OpeningInterval[] {
  return resource?.ownHours ?? spaceHours;
}

/** Whether a resource has any rule of its own (shown in the settings' resource table). */
export function hasOwnRules(resource: WithRules): boolean {
  return resource.ownHours !== null && resource.ownHours !== undefined && resource.ownHours !== false ? true : Object.values(resource.overrides ?? {}).some((v) => v !== null && v !== undefined);
}
