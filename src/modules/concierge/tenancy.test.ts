import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../../platform/db/database.js';
import { migrate } from '../../platform/db/migrator.js';
import { withTenant } from '../../platform/db/tenant.js';
import { migration } from './migrations/20261204130500_concierge.js';
import { seedConciergeDemo } from './seed-demo.js';

let d: Database;
const org: Record<string, string> = {};

beforeAll(async () => {
  d = await testDatabase();
  // The template holds the module once it is registered; both calls are then no-ops.
  await migrate(d.owner, [migration]);
  await seedConciergeDemo(d);
  for (const r of (await d.owner.query('select id, slug from organisations')).rows) org[r.slug] = r.id;
});

const count = (orgId: string, table: string) => withTenant(d.db, { orgId }, async (tx) => (await tx.selectFrom(table).select('id').execute()).length);

describe('concierge tenancy between the landlord and the association (real RLS)', () => {
  it('the association sees its requests, parcels and statements', async () => {
    expect(await count(org['conciergerie-solidaire-51'], 'concierge_requests')).toBeGreaterThan(20);
    expect(await count(org['conciergerie-solidaire-51'], 'concierge_parcels')).toBeGreaterThan(3);
    expect(await count(org['conciergerie-solidaire-51'], 'concierge_statements')).toBeGreaterThan(5);
  });

  it('the landlord sees the rows about its own households, through the partnership', async () => {
    const owner = await d.owner.query('select count(*)::int as n from concierge_requests where landlord_id = $1', [org['plurial-novilia']]);
    expect(await count(org['plurial-novilia'], 'concierge_requests')).toBe(owner.rows[0].n);
    expect(await count(org['plurial-novilia'], 'concierge_catalogue')).toBe(12);
  });

  it('another landlord and another association see nothing, not even the catalogue', async () => {
    for (const other of ['logirem', 'vie2b', 'logirep']) {
      for (const table of ['concierge_requests', 'concierge_subscriptions', 'concierge_parcels', 'concierge_statements', 'concierge_catalogue', 'concierge_providers']) {
        expect(await count(org[other], table), `${other} ${table}`).toBe(0);
      }
    }
  });

  it('the association never sees the landlord’s households, dwellings or memberships', async () => {
    for (const table of ['households', 'dwellings', 'occupancies']) expect(await count(org['conciergerie-solidaire-51'], table), table).toBe(0);
    const theirs = await withTenant(d.db, { orgId: org['conciergerie-solidaire-51'] }, (tx) =>
      tx.selectFrom('memberships').select('id').where('organisation_id', '=', org['plurial-novilia']).execute(),
    );
    expect(theirs).toEqual([]);
  });

  it('a landlord cannot write a row naming another landlord, nor for an association it has no partnership with', async () => {
    const sub = (await d.owner.query('select * from concierge_subscriptions limit 1')).rows[0];
    const row = {
      organisation_id: sub.organisation_id,
      landlord_id: org.logirem,
      subscription_id: sub.id,
      household_id: sub.household_id,
      catalogue_id: (await d.owner.query('select id from concierge_catalogue limit 1')).rows[0].id,
      quantity: 1,
      wanted_on: '2030-01-01',
      created_via: 'online',
      created_by: sub.created_by,
      idempotency_key: 'rls-test-1',
    };
    await expect(withTenant(d.db, { orgId: org['plurial-novilia'] }, (tx) => tx.insertInto('concierge_requests').values(row).execute())).rejects.toThrow(/row-level security/);
    await expect(withTenant(d.db, { orgId: org.logirem }, (tx) => tx.insertInto('concierge_requests').values(row).execute())).rejects.toThrow(/row-level security/);
    // Its own landlord may insert for its household (a resident ordering), and only that.
    await withTenant(d.db, { orgId: org['plurial-novilia'] }, (tx) =>
      tx
        .insertInto('concierge_requests')
        .values({ ...row, landlord_id: org['plurial-novilia'] })
        .execute(),
    );
  });

  it('the landlord cannot alter an issued statement; nobody can', async () => {
    await expect(withTenant(d.db, { orgId: org['conciergerie-solidaire-51'] }, (tx) => tx.updateTable('concierge_statements').set({ gross_cents: 0 }).execute())).rejects.toThrow(/permission denied/);
    await expect(withTenant(d.db, { orgId: org['conciergerie-solidaire-51'] }, (tx) => tx.deleteFrom('concierge_statement_lines').execute())).rejects.toThrow(/permission denied/);
  });

  it('ending the partnership hides the association’s rows from the landlord at once', async () => {
    await d.owner.query('delete from partnerships where organisation_id = $1 and partner_id = $2', [org['plurial-novilia'], org['conciergerie-solidaire-51']]);
    expect(await count(org['plurial-novilia'], 'concierge_requests')).toBe(0);
    expect(await count(org['plurial-novilia'], 'concierge_catalogue')).toBe(0);
    expect(await count(org['conciergerie-solidaire-51'], 'concierge_requests')).toBeGreaterThan(20);
  });
});
