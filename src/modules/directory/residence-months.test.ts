import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { importRegister } from './commands/import/import-register.js';
import { actorOf, chunks } from './test-support/actors.js';
import { withTenant } from '../../platform/db/tenant.js';
import { refreshFiguresJob } from './jobs.js';
import { residenceFigures, residenceFiguresAsOf } from './queries/residence-figures.js';

const t = await testApp();
const { rows: orgs } = await t.database.owner.query<{ id: string }>('select distinct organisation_id as id from residences');
const now = new Date('2026-12-04T12:00:00Z');
const periods = [
  { from: '2026-01-01', to: '2027-01-01' },
  { from: '2025-01-01', to: '2026-01-01' },
  { from: '2026-04-01', to: '2026-07-01' },
  { from: '2026-10-01', to: '2027-01-01' },
  { from: '2024-01-01', to: '2024-04-01' },
];
const figures = (orgId: string, p: { from: string; to: string }) => withTenant(t.database.db, { orgId }, (tx) => residenceFigures(tx, p));
const asOf = (orgId: string, p: { from: string; to: string }) => withTenant(t.database.db, { orgId }, (tx) => residenceFiguresAsOf(tx, p));

describe('monthly figures per residence', () => {
  it('give exactly the live figures for every period they cover, once the nightly job has run', async () => {
    expect(orgs.length).toBeGreaterThan(1);
    // Moves in the periods compared, so flows are not all zero.
    await t.database.owner.query(`update occupancies set ends_on = date '2026-05-15' where id in (select id from occupancies order by id limit 3)`);
    await t.database.owner.query(`update occupancies set starts_on = date '2026-11-02' where id in (select id from occupancies where ends_on is null order by id desc limit 2)`);
    const live = new Map<string, unknown>();
    for (const o of orgs) for (const p of periods) live.set(`${o.id} ${p.from}`, await figures(o.id, p));
    expect(await asOf(orgs[0].id, periods[0])).toBeNull();
    const result = await refreshFiguresJob.run({ services: t.services, now, log: pino({ level: 'silent' }) });
    expect(result.organisations).toBe(orgs.length);
    let flows = 0;
    for (const o of orgs)
      for (const p of periods) {
        expect(await asOf(o.id, p)).toBeInstanceOf(Date);
        const summarised = await figures(o.id, p);
        expect(summarised).toEqual(live.get(`${o.id} ${p.from}`));
        flows += summarised.reduce((a, r) => a + r.moveIns + r.moveOuts, 0);
      }
    expect(flows).toBeGreaterThan(0);
  });

  it('fall back to live figures outside the months they cover, and running the job twice changes nothing', async () => {
    const before = await t.database.owner.query('select count(*)::int as n from residence_months');
    await refreshFiguresJob.run({ services: t.services, now, log: pino({ level: 'silent' }) });
    const after = await t.database.owner.query('select count(*)::int as n from residence_months');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(await asOf(orgs[0].id, { from: '2019-01-01', to: '2020-01-01' })).toBeNull();
    const residences = await t.database.owner.query<{ n: number }>('select count(*)::int as n from residences where organisation_id = $1', [orgs[0].id]);
    expect(await figures(orgs[0].id, { from: '2019-01-01', to: '2020-01-01' })).toHaveLength(residences.rows[0].n);
  });

  it('follow an import at once: new residences appear in the summary in the same transaction', async () => {
    const admin = await actorOf(t.database, demo('org_admin'));
    const orgId = admin.orgId as string;
    const csv = 'reference;nom;type;adresse;code_postal;ville\nSUM-1;Résidence du Résumé;ordinary;1 rue Neuve;51100;Reims\n';
    const report = await importRegister(t.database.db, admin, { kind: 'residences', source: chunks(csv), via: 'cli' });
    expect(report.inserted).toBe(1);
    const rows = await figures(orgId, periods[0]);
    expect(rows.find((r) => r.name === 'Résidence du Résumé')).toMatchObject({ dwellings: 0, households: 0 });
    expect(await asOf(orgId, periods[0])).toBeInstanceOf(Date);
    const months = await t.database.owner.query(`select count(*)::int as n from residence_months m join residences r on r.id = m.residence_id where r.reference = 'SUM-1'`);
    expect(months.rows[0].n).toBe(36);
  });

  it('show one organisation only its own months', async () => {
    const mine = await withTenant(t.database.db, { orgId: orgs[0].id }, (tx) => tx.selectFrom('residence_months').select('organisation_id').distinct().execute());
    expect(mine).toEqual([{ organisation_id: orgs[0].id }]);
  });
});
