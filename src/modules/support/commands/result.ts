import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Decision } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';

export type Failure = { ok: false; status: 401 | 403 | 404 | 409 | 422; errors: Record<string, string> };
export type Result<T = object> = ({ ok: true } & T) | Failure;

export function fail(status: Failure['status'], errors: Record<string, string> = {}): Failure {
  return { ok: false, status, errors };
}

/** A policy refusal as a result: another organisation's or a need-to-know record is 404, a missing role 403. */
export function denied(d: Decision): Failure {
  return fail(d === 'not_found' ? 404 : d === 'unauthenticated' ? 401 : 403);
}

/**
 * A transaction scoped to the actor's organisation AND to the actor as a person: the support tables'
 * row-level security shows a case only to the people who need to know it (see migrations/need-to-know-sql.ts).
 */
export function asActor<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant(db, { orgId: actor.orgId, userId: actor.userId }, fn);
}

/** Rolls the transaction back while carrying a result out of it. */
export class Abort extends Error {
  constructor(readonly failure: Failure) {
    super('aborted');
  }
}

/** Runs `fn` as the actor; an Abort thrown inside rolls everything back and becomes the failure returned. */
export async function inTransaction<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await asActor(db, actor, fn);
  } catch (e) {
    if (e instanceof Abort) return e.failure;
    throw e;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs: anything that is not a UUID is simply not found, never a database error. */
export function isUuid(v: string): boolean {
  return UUID.test(v);
}

/**
 * Whether a case's own record (a step, an instalment, a referral) with this id belongs to this case. A command that
 * changed no row answers 409 only when it does (already done), else 404: a record of another case, reached through
 * this case's path, is "not found" like a missing one (docs/security.md, finding 13).
 */
export async function ofCase(tx: Tx, table: 'support_case_steps' | 'support_instalments' | 'support_referrals', id: string, caseId: string): Promise<boolean> {
  const r = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} where id = ${id} and case_id = ${caseId}`.execute(tx);
  return r.rows.length > 0;
}
