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
  }, 60_000);

  it('are kept per organisation: row-level security shows an organisation only its own', async () => {
    const { withTenant } = await import('../../platform/db/tenant.js');
    const seen = await withTenant(t.database.db, { orgId: orgs[0] }, (tx) => tx.selectFrom('impact_snapshots').select('organisation_id').distinct().execute());
    expect(seen.map((r) => r.organisation_id)).toEqual([orgs[0]]);
  });
});
