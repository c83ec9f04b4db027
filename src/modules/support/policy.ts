import type { Actor } from '../../platform/access/actor.js';
import { authorize, type Decision } from '../../platform/access/authorize.js';

/** Who holds each of the module's permissions; the manifest grants them and nothing else does. */
export const SUPPORT_PERMISSIONS = {
  // Need-to-know: org_admin is deliberately absent — running the organisation is no reason to read a case.
  'support.cases.read': ['social_adviser', 'programme_manager'],
  'support.cases.write': ['social_adviser', 'programme_manager'],
  // The narrative of a case (situation, notes): an API token gets it only when given this scope too.
  'support.cases.sensitive': ['social_adviser', 'programme_manager'],
  'support.commission.sit': ['commission_member', 'programme_manager'],
  'support.commission.manage': ['programme_manager'],
  // The second-factor step-up before a sensitive case or a sensitive programme's commission session.
  'support.stepup': ['social_adviser', 'programme_manager', 'commission_member'],
  'support.programmes.manage': ['programme_manager'],
  'support.quotas.manage': ['programme_manager'],
  // The organisation's defaults for support (retention of closed cases): no case is read through it.
  'support.settings.manage': ['org_admin', 'programme_manager'],
  // Partner associations' staff see only the referrals made to them, never a case.
  'support.referrals.partner': ['partner_staff'],
  // Partner associations' staff propose applicants against the commitments made to them.
  'support.quotas.propose': ['partner_staff'],
} as const;

/** What decides whether a person may see a case: where it is, who follows it, who manages its programme. */
export type CaseAccess = { organisationId: string; assignedUserIds: string[]; managerUserId: string | null; teamUserIds?: string[] };

/**
 * A case is visible to the social advisers assigned to it, to its programme's named team and to its
 * programme's manager, nobody else — not other advisers, not administrators. An unassigned colleague gets `not_found`, so the
 * case's very existence does not leak. The database enforces the same rule (support_cases RLS).
 */
export function canReadCase(actor: Actor | null, c: CaseAccess): Decision {
  const base = authorize(actor, 'support.cases.read', { organisationId: c.organisationId });
  if (base !== 'allow' || !actor) return base;
  const me = actor.userId;
  if (c.assignedUserIds.includes(me) || c.managerUserId === me || (c.teamUserIds ?? []).includes(me)) return 'allow';
  return 'not_found';
}

/** Writing on a case (notes, steps, stages, nomination) follows the same need-to-know as reading it. */
export function canWriteCase(actor: Actor | null, c: CaseAccess): Decision {
  const read = canReadCase(actor, c);
  if (read !== 'allow') return read;
  return authorize(actor, 'support.cases.write', { organisationId: c.organisationId });
}

/** What decides whether a person may see a commission dossier (pseudonymised, minimal). */
export type DossierAccess = CaseAccess & { sessionMemberIds: string[] };

/** A dossier is visible to the case's advisers, the programme manager, and the members of the sessions it is on. */
export function canSeeDossier(actor: Actor | null, d: DossierAccess): Decision {
  if (canReadCase(actor, d) === 'allow') return 'allow';
  const base = authorize(actor, 'support.commission.sit', { organisationId: d.organisationId });
  if (base !== 'allow' || !actor) return base;
  return d.sessionMemberIds.includes(actor.userId) ? 'allow' : 'not_found';
}

/** Deciding in a session: a member of that session (or the programme manager) while the session is open. */
export function canDecide(actor: Actor | null, s: { organisationId: string; memberIds: string[]; managerUserId: string | null }): Decision {
  const base = authorize(actor, 'support.commission.sit', { organisationId: s.organisationId });
  if (base !== 'allow' || !actor) return base;
  return s.memberIds.includes(actor.userId) || s.managerUserId === actor.userId ? 'allow' : 'forbidden';
}

/**
 * Writing through an API token, where no second factor can be asked: on a *normal* programme the
 * token's `support.cases.write` scope is enough; on a *sensitive* one the token must also carry
 * `support.cases.sensitive` (granted on purpose by whoever made the token); on a *highly sensitive*
 * one a token never writes — those cases change only in a browser session after the step-up.
 */
export function canWriteWithToken(actor: Actor, sensitivity: string, organisationId: string): Decision {
  if (actor.kind !== 'token') return 'allow';
  if (sensitivity === 'highly_sensitive') return 'forbidden';
  if (sensitivity === 'sensitive') return authorize(actor, 'support.cases.sensitive', { organisationId });
  return 'allow';
}

/**
 * Reading a *sensitive* or *highly sensitive* programme's case records (documents, referrals, the
 * commission's facts) through an API token needs the token's `support.cases.sensitive` scope as well;
 * browser sessions have passed the step-up instead. Every such read is audited by the query it goes through.
 */
export function canReadWithToken(actor: Actor, sensitivity: string, organisationId: string): Decision {
  if (actor.kind !== 'token' || sensitivity === 'normal') return 'allow';
  return authorize(actor, 'support.cases.sensitive', { organisationId });
}

/** A confidential address never leaves through a token, even for someone named to see it: only a browser page shows it. */
export function addressShownTo(actor: Actor, addressVisible: boolean): boolean {
  return addressVisible && actor.kind !== 'token';
}
