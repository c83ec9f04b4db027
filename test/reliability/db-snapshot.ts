import { readFileSync } from 'node:fs';
import pg from 'pg';
import { APP_ROLE } from '../../src/platform/db/database.js';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Per table of `public`: rows and an md5 of the rows' text in order; the RLS flags, policies and the app role's rights. */
export async function snapshot(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Fails instead of silently reading fewer rows if a policy applied to this role.
    await c.query('set row_security = off');
    await c.query("set timezone = 'UTC'");
    await c.query('begin isolation level repeatable read');
    const tables = (await c.query("select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'palier_migrations' order by 1")).rows as { name: string; rls: boolean; forced: boolean }[];
    const rows: Record<string, { rows: number; md5: string }> = {};
    for (const t of tables) {
      const r = (await c.query(`select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as md5 from ${ident(t.name)} x`)).rows[0];
      rows[t.name] = { rows: r.n, md5: r.md5 };
    }
    const policies = (await c.query("select tablename, policyname, permissive, roles::text, cmd, qual, with_check from pg_policies where schemaname = 'public' order by 1, 2")).rows;
    const grants = (await c.query("select table_name, string_agg(privilege_type, ',' order by privilege_type) as p from information_schema.role_table_grants where grantee = $1 and table_schema = 'public' group by 1 order by 1", [APP_ROLE])).rows;
    await c.query('commit');
    return { tables, rows, policies, grants };
  } finally {
    await c.end();
  }
}

/** How many rows of `table` the application role sees with no organisation set, then as each organisation. */
export async function seenByApp(url: string, table: string, orgIds: string[]): Promise<number[]> {
  const c = new pg.Client({ connectionString: url, options: `-c role=${APP_ROLE}` });
  await c.connect();
  try {
    const seen: number[] = [];
    for (const org of ['', ...orgIds]) {
      await c.query('begin');
      await c.query("select set_config('app.org_id', $1, true)", [org]);
      seen.push((await c.query(`select count(*)::int as n from ${ident(table)}`)).rows[0].n);
      await c.query('rollback');
    }
    return seen;
  } finally {
    await c.end();
  }
}

/** The owner's URL of the embedded server running in `dataDir`, from its pid file (port) and Palier's secrets file. */
export function embeddedOwnerUrl(dataDir: string): string {
  const port = readFileSync(`${dataDir}/pg/postmaster.pid`, 'utf8').split('\n')[3].trim();
  const { password } = JSON.parse(readFileSync(`${dataDir}/embedded.json`, 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/palier`;
}
