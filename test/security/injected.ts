import type pg from 'pg';

/**
 * Mass assignment (issue 9): the keys an attacker adds to a form or an API body, with values no legitimate write
 * stores, and a watch over the database that finds any row a request wrote carrying one of them.
 */
export const INJECTED_ID = '0bad1dea-0000-4000-8000-00000000beef';
export const INJECTED_AT = '2001-02-03T04:05:06.000Z';
export const INJECTED_WORD = 'injected-outcome';

/** The injected keys and values: another organisation, another user, a role, an outcome, a date, an id. */
export function hostileFields(orgB: string, otherUser: string): Record<string, string> {
  return {
    organisationId: orgB,
    organisation_id: orgB,
    orgId: orgB,
    role: 'platform_admin',
    roles: 'platform_admin',
    ownerId: otherUser,
    owner_id: otherUser,
    owner: otherUser,
    userId: otherUser,
    user_id: otherUser,
    createdBy: otherUser,
    created_by: otherUser,
    decision: INJECTED_WORD,
    status: INJECTED_WORD,
    state: INJECTED_WORD,
    createdAt: INJECTED_AT,
    created_at: INJECTED_AT,
    id: INJECTED_ID,
  };
}

/** Tables that record requests rather than the data they change (reads, sign-ins, replays). */
const NOT_DATA = ['audit_events', 'sessions', 'login_attempts', 'api_tokens', 'idempotency_keys', 'notifications', 'job_runs'];

/**
 * For every data table, how many rows mention an injected value (another organisation's id, another user's id, the
 * injected id, date, role or outcome) — as text, so any column counts. `check()` after a request: a table whose
 * count grew holds a row the request wrote with an injected value. Only tables whose content changed are re-read.
 */
export async function injectionWatch(owner: pg.Pool, orgB: string, otherUser: string) {
  const tables = (await owner.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by tablename")).rows.map((r) => r.tablename).filter((t) => !NOT_DATA.includes(t) && !/^idempotency|^pgmigrations|^kysely/.test(t));
  const needles = [orgB, otherUser, INJECTED_ID, INJECTED_AT.slice(0, 10), 'platform_admin', INJECTED_WORD];
  const fingerprint = async (t: string) => (await owner.query(`select count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from "${t}" x`)).rows[0];
  const mentions = async (t: string): Promise<number[]> => {
    const r = await owner.query(`select ${needles.map((_, i) => `count(*) filter (where x::text like $${i + 1})::int as m${i}`).join(', ')} from "${t}" x`, needles.map((n) => `%${n}%`));
    return needles.map((_, i) => r.rows[0][`m${i}`]);
  };
  const prints = new Map<string, string>();
  const counts = new Map<string, number[]>();
  for (const t of tables) {
    const f = await fingerprint(t);
    prints.set(t, `${f.n}:${f.h}`);
    counts.set(t, await mentions(t));
  }
  return {
    tables: tables.length,
    /** The changed tables, and the injected values newly found in them (`table: value`). */
    async check(): Promise<{ changed: string[]; found: string[] }> {
      const changed: string[] = [];
      const found: string[] = [];
      for (const t of tables) {
        const f = await fingerprint(t);
        const print = `${f.n}:${f.h}`;
        if (print === prints.get(t)) continue;
        prints.set(t, print);
        changed.push(t);
        const now = await mentions(t);
        const before = counts.get(t) as number[];
        now.forEach((n, i) => {
          if (n > before[i]) found.push(`${t}: ${['another organisation’s id', 'another user’s id', 'the injected id', 'the injected date', 'the injected role', 'the injected outcome'][i]}`);
        });
        counts.set(t, now);
      }
      return { changed, found };
    },
  };
}
