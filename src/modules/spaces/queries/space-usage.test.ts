import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { demoSpace } from '../testing.js';
import { spaceUsage } from './space-usage.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  database = await testDatabase();
});

describe('space usage for reports', () => {
  it('counts the demo coworking’s confirmed bookings, hours, households and purposes over four weeks, and only its tenant’s spaces', async () => {
    const cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
    const from = new Date(Date.now() - 15 * 86_400_000);
    const to = new Date(Date.now() + 15 * 86_400_000);
    const usage = await withTenant(database.db, { orgId: cowork.orgId }, (tx) => spaceUsage(tx, from, to));
    expect(usage.map((u) => u.name)).toEqual(['Coworking solidaire de Sotteville']);
    const [u] = usage;
    const direct = (await database.owner.query("select count(*)::int as n, count(distinct household_id)::int as h, sum(extract(epoch from upper(during) - lower(during)))::float / 3600 as hours from space_bookings where space_id = $1 and status = 'confirmed' and during && tstzrange($2, $3)", [cowork.spaceId, from, to])).rows[0];
    expect(u.bookings).toBe(direct.n);
    expect(u.bookings).toBeGreaterThan(20);
    expect(u.households).toBe(direct.h);
    expect(u.hours).toBeCloseTo(direct.hours, 1);
    expect(Object.values(u.purposes).reduce((a, b) => a + b, 0)).toBe(u.bookings);
  });
});
