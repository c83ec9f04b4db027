import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import type { MemberScopeInput, NewMemberInput } from '../schemas.js';

export type MemberResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };
type Membership = { id: string; user_id: string; role: string; residence_ids: string[] | null };

/** Who may change the team: administrators of the whole organisation (a scoped one could widen their own reach). */
function guard(actor: Actor): string {
  if (authorize(actor, 'directory.members.manage') !== 'allow' || !actor.orgId || actor.residenceIds !== null) throw new HttpError(403);
  return actor.orgId;
}

/** Only a platform administrator hands out platform administration. */
export function grantableRoles(actor: Actor, roles: readonly string[]): string[] {
  return roles.filter((r) => r !== 'resident' && (r !== 'platform_admin' || actor.roles.includes('platform_admin')));
}

async function checkScope(tx: Tx, actor: Actor, input: MemberScopeInput): Promise<FieldErrors | null> {
  if (!grantableRoles(actor, [input.role]).length) return { role: 'directory.member.roleNotAllowed' };
  if (input.scope === 'some') {
    const ids = [...new Set(input.residences)];
    const found = await tx.selectFrom('residences').select('id').where('id', 'in', ids).execute();
    if (found.length !== ids.length) return { residences: 'form.invalid' };
  }
  return null;
}

const residenceIds = (input: MemberScopeInput) => (input.scope === 'all' ? null : [...new Set(input.residences)]);
const scopeDetails = (ids: string[] | null) => (ids === null ? 'organisation' : ids);

async function loadMembership(tx: Tx, orgId: string, id: string): Promise<Membership> {
  const m = await tx.selectFrom('memberships').select(['id', 'user_id', 'role', 'residence_ids']).where('id', '=', id).where('organisation_id', '=', orgId).where('role', '<>', 'resident').executeTakeFirst();
  if (!m) throw new HttpError(404);
  return m as Membership;
}

/**
 * Gives a person a staff role in the organisation: an existing account (same e-mail) gets the
 * role added, otherwise an account without password is created (activated by a reset link).
 */
export async function addMember(db: Db, actor: Actor, input: NewMemberInput): Promise<MemberResult> {
  const orgId = guard(actor);
  return withTenant(db, { orgId }, async (tx): Promise<MemberResult> => {
    const bad = await checkScope(tx, actor, input);
    if (bad) return { ok: false, errors: bad };
    let user = await tx.selectFrom('users').select('id').where((w) => w(w.fn('lower', ['email']), '=', input.email)).executeTakeFirst();
    if (!user) user = await tx.insertInto('users').values({ email: input.email, display_name: input.name }).returning('id').executeTakeFirstOrThrow();
    const userId = user.id as string;
    const same = await tx.selectFrom('memberships').select('id').where('user_id', '=', userId).where('organisation_id', '=', orgId).where('role', '=', input.role).executeTakeFirst();
    if (same) return { ok: false, errors: { role: 'directory.member.duplicate' } };
    const ids = residenceIds(input);
    const m = await tx.insertInto('memberships').values({ organisation_id: orgId, user_id: userId, role: input.role, residence_ids: ids }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { action: 'permission.membership.added', actor, targetType: 'membership', targetId: m.id as string, details: { user_id: userId, role: input.role, scope: scopeDetails(ids) } });
    return { ok: true, id: m.id as string };
  });
}

/** Changes a membership's role and scope; nobody changes their own (no self-promotion, no lock-out). */
export async function changeMember(db: Db, actor: Actor, id: string, input: MemberScopeInput): Promise<MemberResult> {
  const orgId = guard(actor);
  return withTenant(db, { orgId }, async (tx): Promise<MemberResult> => {
    const m = await loadMembership(tx, orgId, id);
    if (m.user_id === actor.userId) return { ok: false, errors: { role: 'directory.member.self' } };
    const bad = await checkScope(tx, actor, input);
    if (bad) return { ok: false, errors: bad };
    if (!grantableRoles(actor, [m.role]).length) return { ok: false, errors: { role: 'directory.member.roleNotAllowed' } };
    if (input.role !== m.role) {
      const same = await tx.selectFrom('memberships').select('id').where('user_id', '=', m.user_id).where('organisation_id', '=', orgId).where('role', '=', input.role).executeTakeFirst();
      if (same) return { ok: false, errors: { role: 'directory.member.duplicate' } };
    }
    const ids = residenceIds(input);
    await tx.updateTable('memberships').set({ role: input.role, residence_ids: ids }).where('id', '=', id).execute();
    await audit(tx, {
      action: 'permission.membership.changed',
      actor,
      targetType: 'membership',
      targetId: id,
      details: { user_id: m.user_id, from: { role: m.role, scope: scopeDetails(m.residence_ids) }, to: { role: input.role, scope: scopeDetails(ids) } },
    });
    return { ok: true, id };
  });
}

/** Removes a staff membership (the account stays); nobody removes their own. */
export async function removeMember(db: Db, actor: Actor, id: string): Promise<MemberResult> {
  const orgId = guard(actor);
  return withTenant(db, { orgId }, async (tx): Promise<MemberResult> => {
    const m = await loadMembership(tx, orgId, id);
    if (m.user_id === actor.userId) return { ok: false, errors: { role: 'directory.member.self' } };
    if (!grantableRoles(actor, [m.role]).length) return { ok: false, errors: { role: 'directory.member.roleNotAllowed' } };
    await tx.deleteFrom('memberships').where('id', '=', id).execute();
    await audit(tx, { action: 'permission.membership.removed', actor, targetType: 'membership', targetId: id, details: { user_id: m.user_id, role: m.role, scope: scopeDetails(m.residence_ids) } });
    return { ok: true, id };
  });
}
