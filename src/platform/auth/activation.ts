import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { authorize, type Decision } from '../access/authorize.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { type Tx, withTenant } from '../db/tenant.js';
import type { FieldErrors } from '../ui/form.js';
import { findLiveCode, storeCode } from './one-time-codes.js';
import { newHumanCode, normaliseHumanCode } from './tokens.js';

export const ISSUE_PERMISSION = 'accounts.activation.issue';
export const ACTIVATION_DAYS = 30;
const NO_RESIDENCE = ['00000000-0000-0000-0000-000000000000'];

export type ResidentRow = {
  id: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  locale: string;
  activated: boolean;
  household_reference: string | null;
  household_name: string | null;
  residence_id: string | null;
};

/** A phone number as sign-in compares it: spaces, dots and dashes removed. */
export function normalisePhone(input: string): string {
  return input.trim().replace(/[\s.-]/g, '');
}

export function isPhone(input: string): boolean {
  return /^\+?[0-9]{8,15}$/.test(normalisePhone(input));
}

function residents(tx: Tx, actor: Actor) {
  let q = tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('households as h', 'h.id', 'm.household_id')
    .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
    .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .where('m.role', '=', 'resident')
    .where('m.organisation_id', '=', actor.orgId);
  if (actor.residenceIds) q = q.where('d.residence_id', 'in', actor.residenceIds.length ? actor.residenceIds : NO_RESIDENCE);
  return q.select([
    'u.id',
    'u.display_name',
    'u.phone',
    'u.email',
    'u.locale',
    sql<boolean>`u.password_hash IS NOT NULL`.as('activated'),
    'h.reference as household_reference',
    'h.name as household_name',
    'd.residence_id',
  ]);
}

/** The residents of the actor's organisation (and residences, if their role is scoped), by name or household. */
export async function listResidents(db: Db, actor: Actor, search: string): Promise<ResidentRow[]> {
  if (authorize(actor, ISSUE_PERMISSION) !== 'allow') return [];
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    let q = residents(tx, actor);
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where((w) => w.or([w('u.display_name', 'ilike', like), w('h.reference', 'ilike', like), w('h.name', 'ilike', like), w('u.phone', 'ilike', like)]));
    }
    return (await q.orderBy('u.display_name').limit(50).execute()) as ResidentRow[];
  });
}

/** One resident the actor may issue a code for, or the decision that refuses it (another organisation → not_found). */
async function residentFor(tx: Tx, actor: Actor, userId: string): Promise<ResidentRow | Exclude<Decision, 'allow'>> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return 'not_found';
  const row = (await residents(tx, { ...actor, residenceIds: null }).where('u.id', '=', userId).executeTakeFirst()) as ResidentRow | undefined;
  if (!row) return 'not_found';
  const decision = authorize(actor, ISSUE_PERMISSION, { organisationId: actor.orgId as string, residenceId: row.residence_id });
  return decision === 'allow' ? row : decision;
}

export type CreateResidentInput = { displayName: string; phone: string; householdReference: string };

/** Creates a resident account without e-mail for a household of the organisation (activated later by a code). */
export type CreateResidentResult = { ok: true; userId: string } | { ok: false; errors: FieldErrors } | { ok: false; decision: Decision };

export async function createResident(db: Db, actor: Actor, input: CreateResidentInput): Promise<CreateResidentResult> {
  const decision = authorize(actor, ISSUE_PERMISSION);
  if (decision !== 'allow') return { ok: false, decision };
  const phone = input.phone ? normalisePhone(input.phone) : null;
  return withTenant(db, { orgId: actor.orgId }, async (tx): Promise<CreateResidentResult> => {
    const household = await tx
      .selectFrom('households as h')
      .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
      .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
      .select(['h.id', 'd.residence_id'])
      .where('h.reference', '=', input.householdReference)
      .executeTakeFirst();
    const inScope = household && authorize(actor, ISSUE_PERMISSION, { organisationId: actor.orgId as string, residenceId: household.residence_id as string | null }) === 'allow';
    if (!household || !inScope) return { ok: false, errors: { household: 'activation.householdUnknown' } };
    if (phone && (await tx.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst())) return { ok: false, errors: { phone: 'activation.phoneTaken' } };
    const user = await tx.insertInto('users').values({ display_name: input.displayName, phone }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('memberships').values({ organisation_id: actor.orgId, user_id: user.id, role: 'resident', household_id: household.id }).execute();
    await audit(tx, { action: 'accounts.resident_created', actor, targetType: 'user', targetId: user.id as string, details: { household: input.householdReference } });
    return { ok: true, userId: user.id as string };
  });
}

/** Issues a new single-use code (the previous one dies) valid 30 days; the clear code is returned once, to print. */
export async function issueActivationCode(db: Db, actor: Actor, userId: string): Promise<{ ok: true; code: string } | { ok: false; decision: Decision }> {
  if (authorize(actor, ISSUE_PERMISSION) !== 'allow') return { ok: false, decision: authorize(actor, ISSUE_PERMISSION) };
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const resident = await residentFor(tx, actor, userId);
    if (typeof resident === 'string') return { ok: false, decision: resident };
    const code = newHumanCode();
    await storeCode(tx, { purpose: 'activation', userId, code, ttlMinutes: ACTIVATION_DAYS * 24 * 60 });
    await audit(tx, { action: 'accounts.activation_issued', actor, targetType: 'user', targetId: userId });
    return { ok: true, code };
  });
}

export type Letter = { resident: ResidentRow; code: string; expiresAt: Date; organisation: string };

/** What the printed letter shows, if `code` is the resident's live activation code. */
export async function activationLetter(db: Db, actor: Actor, userId: string, code: string): Promise<Letter | Decision> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const resident = await residentFor(tx, actor, userId);
    if (typeof resident === 'string') return resident;
    const live = await findLiveCode(tx, 'activation', normaliseHumanCode(code));
    if (!live || live.userId !== userId) return 'not_found';
    const org = await tx.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
    return { resident, code: normaliseHumanCode(code), expiresAt: live.expiresAt, organisation: org.name as string };
  });
}
