/** Every role a membership can carry; each is scoped to one organisation and, where it applies, to residences. */
export const ROLES = [
  'resident',
  'concierge',
  'facilitator',
  'social_adviser',
  'commission_member',
  'programme_manager',
  'org_admin',
  'partner_staff',
  'network_member',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: Role[] = ROLES.filter((r) => r !== 'resident');

/** Roles that reach sensitive programmes (rent aid, social support): their holders must use a second factor. */
export const MFA_REQUIRED_ROLES: Role[] = ['social_adviser', 'commission_member', 'programme_manager', 'org_admin', 'platform_admin'];

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}
