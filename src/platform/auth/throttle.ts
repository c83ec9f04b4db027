import { sql } from 'kysely';
import type { Db } from '../db/database.js';

const WINDOW_MINUTES = 15;
const MAX_PER_ACCOUNT = 5;
const MAX_PER_IP = 50;

/** Whether failed sign-ins for this account or this address have hit the limit of the last 15 minutes. */
export async function isThrottled(db: Db, account: string, ip: string | null): Promise<boolean> {
  const keys = [`account:${account.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
  const rows = await db
    .selectFrom('login_attempts')
    .select(['key', sql<number>`count(*)`.as('n')])
    .where('key', 'in', keys)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${WINDOW_MINUTES})`)
    .groupBy('key')
    .execute();
  return rows.some((r) => (r.key.startsWith('account:') ? r.n >= MAX_PER_ACCOUNT : r.n >= MAX_PER_IP));
}

export async function recordFailure(db: Db, account: string, ip: string | null): Promise<void> {
  const rows = [{ key: `account:${account.toLowerCase()}` }, ...(ip ? [{ key: `ip:${ip}` }] : [])];
  await db.insertInto('login_attempts').values(rows).execute();
}

export async function clearFailures(db: Db, account: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', `account:${account.toLowerCase()}`).execute();
}

/** Whether `key` (e.g. `reset-ip:1.2.3.4`) has been noted `max` times in the last `minutes`. */
export async function tooMany(db: Db, key: string, max: number, minutes: number): Promise<boolean> {
  const row = await db
    .selectFrom('login_attempts')
    .select(sql<number>`count(*)`.as('n'))
    .where('key', '=', key)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirst();
  return Number(row?.n ?? 0) >= max;
}

/** Notes one more attempt under `key` (requests of a reset link or an SMS code, activation tries). */
export async function note(db: Db, key: string): Promise<void> {
  await db.insertInto('login_attempts').values({ key }).execute();
}
