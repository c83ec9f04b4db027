import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { demoSpace } from '../testing.js';
import { refreshUsagePeriods, reportingPeriods } from '../commands/refresh-usage-periods.js';
import { parisInstant, parisParts } from '../domain/paris-time.js';
import { liveSpaceUsage, spaceUsage } from './space-usage.js';

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

  it('reads a year from the nightly summary once it exists, giving exactly the live figures; other periods stay live', async () => {
    const cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
    const today = parisParts(new Date()).date;
    const periods = reportingPeriods(today);
    expect(periods).toHaveLength(10);
    const year = periods.find((p) => p.from === `${today.slice(0, 4)}-01-01` && p.to.endsWith('-01-01')) as { from: string; to: string };
    const from = parisInstant(year.from, 0);
    const to = parisInstant(year.to, 0);
    const asTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, { orgId: cowork.orgId }, fn);
    const live = await asTenant((tx) => liveSpaceUsage(tx, from, to));
    expect(live.find((u) => u.spaceId === cowork.spaceId)?.bookings).toBeGreaterThan(0);
    const written = await asTenant((tx) => refreshUsagePeriods(tx, cowork.orgId, periods));
    expect(written).toBe(live.length * periods.length);
    expect(await asTenant((tx) => spaceUsage(tx, from, to))).toEqual(live);
    // What is read is the stored row, not a recount: a marked row shows through, an odd period does not.
    await database.owner.query('update space_usage_periods set bookings = 987654 where space_id = $1 and period_from = $2 and period_to = $3', [cowork.spaceId, year.from, year.to]);
    expect((await asTenant((tx) => spaceUsage(tx, from, to))).find((u) => u.spaceId === cowork.spaceId)?.bookings).toBe(987654);
    const odd = await asTenant((tx) => spaceUsage(tx, new Date(from.getTime() + 3_600_000), to));
    expect(odd.find((u) => u.spaceId === cowork.spaceId)?.bookings).not.toBe(987654);
  });
});
