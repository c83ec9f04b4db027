import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { monthOf, periodOf } from './domain/period.js';
import { refreshSnapshotsJob } from './jobs.js';
import { type Dashboard, dashboard } from './queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
let orgs: string[];

beforeAll(async () => {
  t = await testApp();
  orgs = (await t.database.db.selectFrom('organisations').select('id').execute()).map((o) => o.id as string);
});

const manager = (orgId: string): Actor => ({
  kind: 'user',
  userId: '00000000-0000-0000-0000-000000000000',
  displayName: 'Test',
  locale: 'fr',
  orgId,
  roles: ['programme_manager'],
  residenceIds: null,
  householdId: null,
  actingFor: null,
  tokenScopes: null,
});
const Y2026 = periodOf(2026);
const Q2 = periodOf(2026, 2);
const MAY = monthOf(2026, 5);
/** What a reader sees: each indicator's cells, total and previous total (suppression applied). */
const shown = (d: Dashboard) => d.columns.map((c) => ({ key: c.indicator.key, cells: c.cells, total: c.total, previous: c.previous }));

describe('nightly snapshots of the indicators', () => {
  it('give every organisation, and every single residence, exactly the figures counted live; the page says when they were computed', async () => {
    const live = new Map<string, ReturnType<typeof shown>>();
    let residences = 0;
    for (const org of orgs) {
      for (const period of [Y2026, Q2, MAY]) {
        const whole = await dashboard(t.database.db, manager(org), { period, residenceId: null });
        live.set(`${org} ${period.from} ${period.to} *`, shown(whole));
        // A month is checked for the whole organisation only: the residences are the same code as above.
        if (period === MAY) continue;
        for (const r of whole.residences) {
          live.set(`${org} ${period.from} ${period.to} ${r.id}`, shown(await dashboard(t.database.db, manager(org), { period, residenceId: r.id })));
          residences++;
        }
      }
    }
    expect(residences).toBeGreaterThan(5);
    const result = await refreshSnapshotsJob.run({ services: t.services, now: new Date('2026-06-15T10:00:00Z'), log: pino({ level: 'silent' }) });
    expect(result).toEqual({ organisations: orgs.length, periods: orgs.length * 22 });
    const stored = (await t.database.owner.query('select count(*)::int as n from impact_snapshots')).rows[0].n;
    expect(stored).toBe(orgs.length * 22);
    for (const [key, expected] of live) {
      const [org, from, , residence] = key.split(' ');
      const period = [Y2026, Q2, MAY].find((p) => p.from === from && p.to === key.split(' ')[2]) as typeof Y2026;
      const d = await dashboard(t.database.db, manager(org), { period, residenceId: residence === '*' ? null : residence });
      expect(shown(d), key).toEqual(expected);
      expect(d.asOf).not.toBeNull();
    }
  }, 180_000); // every organisation × 22 periods × the whole catalogue, computed twice: long on a loaded CI machine

  it('are what the dashboard reads: a stored figure changed by hand shows, until the next run puts it right', async () => {
    const org = orgs[0];
    const before = await dashboard(t.database.db, manager(org), { period: Y2026, residenceId: null });
    const dwellings = before.columns.find((c) => c.indicator.key === 'directory.dwellings')?.total;
    await t.database.owner.query(
      `update impact_snapshots set results = jsonb_set(results, '{directory.dwellings,overall}', '424242'), computed_at = now() where organisation_id = $1 and period_from = '2026-01-01' and period_to = '2027-01-01'`,
      [org],
    );
    const tampered = await dashboard(t.database.db, manager(org), { period: Y2026, residenceId: null });
    expect(tampered.columns.find((c) => c.indicator.key === 'directory.dwellings')?.total).toBe(424242);
    await refreshSnapshotsJob.run({ services: t.services, now: new Date('2026-06-15T10:00:00Z'), log: pino({ level: 'silent' }) });
    const again = await dashboard(t.database.db, manager(org), { period: Y2026, residenceId: null });
    expect(again.columns.find((c) => c.indicator.key === 'directory.dwellings')?.total).toBe(dwellings);
  }, 180_000); // the whole nightly job, groups included

  it('give the views by agency and by type exactly the figures computed live, and a group whose residences changed since is computed live', async () => {
    const groupedShown = async (org: string, group: 'agency' | 'type') => shown(await dashboard(t.database.db, manager(org), { period: Y2026, residenceId: null, group }));
    const night = new Map<string, ReturnType<typeof shown>>();
    let groups = 0;
    for (const org of orgs) {
      for (const group of ['agency', 'type'] as const) {
        const d = await dashboard(t.database.db, manager(org), { period: Y2026, residenceId: null, group });
        groups += d.rows.length;
        night.set(`${org} ${group}`, shown(d));
      }
    }
    expect(groups).toBeGreaterThan(4);
    // Without the stored groups (and a new time, so no page kept in memory answers), every group is computed live.
    await t.database.owner.query(`update impact_snapshots set groups = null, computed_at = now() where period_from = '2026-01-01' and period_to = '2027-01-01'`);
    for (const [key, expected] of night) {
      const [org, group] = key.split(' ');
      expect(await groupedShown(org, group as 'agency' | 'type'), key).toEqual(expected);
    }
    await refreshSnapshotsJob.run({ services: t.services, now: new Date('2026-06-15T10:00:00Z'), log: pino({ level: 'silent' }) });
    // The stored figure is what the page reads while the group's residences are those it was computed for…
    const org = (
      await t.database.owner.query(
        `select organisation_id from impact_snapshots where period_from = '2026-01-01' and period_to = '2027-01-01' and jsonb_array_length(groups->'type') >= 1 and jsonb_array_length(groups->'type'->0->'members') >= 2 order by organisation_id limit 1`,
      )
    ).rows[0].organisation_id as string;
    const where = `organisation_id = '${org}' and period_from = '2026-01-01' and period_to = '2027-01-01'`;
    await t.database.owner.query(`update impact_snapshots set groups = jsonb_set(groups, '{type,0,results,directory.dwellings,overall}', '424242'), computed_at = now() where ${where}`);
    expect((await groupedShown(org, 'type')).find((c) => c.key === 'directory.dwellings')?.cells[0]).toBe(424242);
    // …and not once the group has other residences than then: it is computed live again.
    await t.database.owner.query(`update impact_snapshots set groups = jsonb_set(groups, '{type,0,members}', (groups->'type'->0->'members') - 0), computed_at = now() where ${where}`);
    expect(await groupedShown(org, 'type')).toEqual(night.get(`${org} type`));
  }, 180_000);

  it('are kept per organisation: row-level security shows an organisation only its own', async () => {
    const { withTenant } = await import('../../platform/db/tenant.js');
    const seen = await withTenant(t.database.db, { orgId: orgs[0] }, (tx) => tx.selectFrom('impact_snapshots').select('organisation_id').distinct().execute());
    expect(seen.map((r) => r.organisation_id)).toEqual([orgs[0]]);
  });
});
