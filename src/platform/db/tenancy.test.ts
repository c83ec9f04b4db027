import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { ALL_MIGRATIONS } from '../../modules.js';
import type { Database } from './database.js';
import { migrate } from './migrator.js';
import { withTenant } from './tenant.js';

let database: Database;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  database = await testDatabase();
  const orgs = await database.db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', ['plurial-novilia', 'logirep']).execute();
  orgA = orgs.find((o) => o.slug === 'plurial-novilia')?.id;
  orgB = orgs.find((o) => o.slug === 'logirep')?.id;
});

describe('tenancy enforced by PostgreSQL row-level security', () => {
  it('runs application queries as a role that is neither superuser, owner nor BYPASSRLS', async () => {
    const r = await sql<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>`select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(database.db);
    expect(r.rows[0]).toEqual({ current_user: 'palier_app', rolsuper: false, rolbypassrls: false });
    const owned = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = current_user`.execute(database.db);
    expect(owned.rows[0].n).toBe(0);
  });

  it('shows no tenant rows to a query without an organisation', async () => {
    const rows = await database.db.selectFrom('residences').selectAll().execute();
    expect(rows).toEqual([]);
    const viaOwner = await database.owner.query('select count(*)::int as n from residences');
    expect(viaOwner.rows[0].n).toBeGreaterThan(1);
  });

  it('hides another organisation’s rows even when the query forgets its filter', async () => {
    const seen = await withTenant(database.db, { orgId: orgA }, (tx) => tx.selectFrom('residences').select(['organisation_id', 'reference']).execute());
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.organisation_id))).toEqual(new Set([orgA]));
    const dwellingsB = await withTenant(database.db, { orgId: orgA }, (tx) => tx.selectFrom('dwellings').select('id').where('organisation_id', '=', orgB).execute());
    expect(dwellingsB).toEqual([]);
  });

  it('refuses to write a row into another organisation', async () => {
    await expect(
      withTenant(database.db, { orgId: orgA }, (tx) => tx.insertInto('agencies').values({ organisation_id: orgB, name: 'Intrus' }).execute()),
    ).rejects.toThrow(/row-level security/);
  });

  it('forces RLS on every table that has an organisation_id', async () => {
    const r = await database.owner.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organisation_id' and not a.attisdropped)`);
    expect(r.rows.length).toBeGreaterThan(8);
    const weak = r.rows.filter((t) => !t.relrowsecurity || !t.relforcerowsecurity).map((t) => t.relname);
    expect(weak).toEqual([]);
  });

  it('keeps the audit log append-only for the application', async () => {
    await withTenant(database.db, { orgId: orgA }, (tx) => tx.insertInto('audit_events').values({ organisation_id: orgA, action: 'test.event' }).execute());
    await expect(withTenant(database.db, { orgId: orgA }, (tx) => tx.updateTable('audit_events').set({ action: 'changed' }).execute())).rejects.toThrow(/permission denied/);
    await expect(withTenant(database.db, { orgId: orgA }, (tx) => tx.deleteFrom('audit_events').execute())).rejects.toThrow(/permission denied/);
  });

  it('re-running the migrations is a no-op', async () => {
    expect(await migrate(database.owner, ALL_MIGRATIONS)).toEqual([]);
    const n = await database.owner.query('select count(*)::int as n from palier_migrations');
    expect(n.rows[0].n).toBe(ALL_MIGRATIONS.length);
  });
});
