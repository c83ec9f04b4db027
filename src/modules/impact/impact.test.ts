import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import type { Role } from '../../platform/access/roles.js';
import { withTenant } from '../../platform/db/tenant.js';
import { setNetworkShares } from './commands/set-shares.js';
import { periodOf } from './domain/period.js';
import { benchmark } from './queries/benchmark.js';
import { dashboard } from './queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const org = new Map<string, string>();
let someUser: string;

beforeAll(async () => {
  t = await testApp();
  for (const o of await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute()) org.set(o.slug as string, o.id as string);
  someUser = (await t.database.db.selectFrom('users').select('id').where('email', '=', demo('programme_manager')).executeTakeFirstOrThrow()).id as string;
});

/** A staff member of another demo organisation (the demo has sign-ins for Plurial Novilia only). */
const staffOf = (slug: string, role: Role = 'programme_manager'): Actor => ({
  kind: 'user',
  userId: someUser,
  displayName: 'Test',
  locale: 'fr',
  orgId: org.get(slug) as string,
  roles: [role],
  residenceIds: null,
  householdId: null,
  actingFor: null,
  tokenScopes: null,
});
const Y2026 = periodOf(2026);

describe('indicators computed from the directory, with small numbers hidden', () => {
  it('gives the exact occupancy of a known residence, and draws it as an SVG chart beside its table', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const res = await c.get('/impact?year=2026');
    expect(res.status).toBe(200);
    const html = await res.text();
    // Réma'Vert: 24 dwellings, every 6th vacant → 20 households → 83.3 %.
    expect(html).toContain('<svg viewBox=');
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<th scope="row">Réma’Vert — Arc-en-Ciel<\/th><td>83,3 %<\/td>/);
    expect(html).toContain('Données du graphique');
  });

  it('filters by month, compares with the month before (January with December), and names the export after the month', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const may = await (await c.get('/impact?year=2026&month=5')).text();
    expect(may).toContain('mai 2026');
    expect(may).toContain('Total avril 2026 (période précédente)');
    expect(may).toMatch(/<option value="5" selected="">mai<\/option>/);
    const january = await (await c.get('/impact?year=2026&month=1&quarter=3')).text();
    expect(january).toContain('Total décembre 2025 (période précédente)');
    const csv = await c.get('/impact/export.csv?year=2026&month=5');
    expect(csv.headers.get('content-disposition')).toContain('impact-2026-M05.csv');
    expect(await csv.text()).toContain('Total avril 2026');
    // Out of range: the whole year, as for any unreadable filter.
    expect(await (await c.get('/impact?year=2026&month=13')).text()).toContain('Total 2025 (période précédente)');
  });

  it('hides household counts under 11 and every rate that would give them back (LogiRep: 15, 7 and 7 households)', async () => {
    const d = await dashboard(t.database.db, staffOf('logirep'), {
      period: Y2026,
      residenceId: null,
    });
    // Keyed by name: the order of names depends on the server's collation.
    const col = (k: string) => {
      const c = d.columns.find((x) => x.indicator.key === `directory.${k}`);
      return Object.fromEntries(d.residences.map((r, i) => [r.name, c?.cells[i]]));
    };
    const total = (k: string) => d.columns.find((x) => x.indicator.key === `directory.${k}`)?.total;
    expect(col('households')).toEqual({
      'Résidence de Grand-Couronne': null,
      'Résidence du Petit-Quevilly': null,
      'Résidence Pierre Corneille': 15,
    });
    expect(total('households')).toBe(29);
    expect(col('dwellings')).toEqual({
      'Résidence de Grand-Couronne': 8,
      'Résidence du Petit-Quevilly': 8,
      'Résidence Pierre Corneille': 18,
    });
    expect(col('occupancy_rate')).toEqual({
      'Résidence de Grand-Couronne': null,
      'Résidence du Petit-Quevilly': null,
      'Résidence Pierre Corneille': 83.3,
    });
    expect(total('occupancy_rate')).toBe(85.3);
  });

  it('shows no count between 1 and the threshold on any filter, so overlapping queries recover nothing', async () => {
    const all = await dashboard(t.database.db, staffOf('logirep'), {
      period: Y2026,
      residenceId: null,
    });
    const seen: number[] = [];
    for (const r of [null, ...all.residences.map((x) => x.id)]) {
      const d = await dashboard(t.database.db, staffOf('logirep'), {
        period: Y2026,
        residenceId: r,
      });
      for (const c of d.columns.filter((x) => x.indicator.personal && x.indicator.unit === 'count')) {
        for (const v of [...c.cells, c.total, c.previous]) if (v !== null) seen.push(v);
      }
    }
    expect(seen.filter((v) => v > 0 && v < 11)).toEqual([]);
    expect(seen).not.toContain(7);
  });

  it('exports the table as streamed CSV and as XLSX, and audits each export', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const csv = await c.get('/impact/export.csv?year=2026');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('Résidence,Logements,Foyers logés,Habitants,Taux d’occupation');
    expect(text).toContain('Réma’Vert — Arc-en-Ciel,24,20,');
    const xlsx = await c.get('/impact/export.xlsx?year=2026');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(5).value).toBe('Taux d’occupation');
    expect(ws.getRow(2).getCell(1).value).toBe('Réma’Vert — Arc-en-Ciel');
    expect(ws.getRow(2).getCell(5).value).toBe(83.3);
    // The month test above exports too: only the whole year's exports are looked at here.
    const audited = await t.database.owner.query("select action from audit_events where action like 'impact.exported.%' and details->>'month' is null order by id");
    expect(audited.rows.map((r) => r.action)).toEqual(['impact.exported.csv', 'impact.exported.xlsx']);
  });

  it('writes a funder report as a PDF whose text can be read back', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const res = await c.get('/impact/report.pdf?year=2026');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const raw = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    // Uncompressed text runs: hex strings in the page content; decode them back to characters.
    const text = [...raw.matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1], 'hex').toString('latin1')).join('');
    expect(text).toContain('Plurial Novilia');
    expect(text).toContain('Taux d');
    expect(text).toContain('83,3 %');
  });

  it('refuses the dashboard to roles without it and another organisation’s residence', async () => {
    const c = t.client();
    await c.signIn(demo('resident'));
    expect((await c.get('/impact')).status).toBe(403);
    const pm = t.client();
    await pm.signIn(demo('programme_manager'));
    const other = await withTenant(t.database.db, { orgId: org.get('logirem') as string }, (tx) => tx.selectFrom('residences').select('id').executeTakeFirstOrThrow());
    expect((await pm.get(`/impact?residence=${other.id}`)).status).toBe(404);
  });
});

describe('the network benchmark', () => {
  const network = () => org.get('ar-hlm-paca') as string;

  it('gives the network only quartiles of its members’ occupancy rates', async () => {
    const rows = await benchmark(t.database.db, staffOf('ar-hlm-paca', 'network_member'), network(), Y2026);
    // Members: 86.7 (ICF), 85.0, 90.0, 80.0, 88.9, 80.0, 91.7 → quartiles 82.5 / 86.7 / 89.45.
    expect(rows.find((r) => r.key === 'occupancy_rate')).toEqual({
      key: 'occupancy_rate',
      members: 7,
      q1: 82.5,
      median: 86.7,
      q3: 89.45,
      own: null,
    });
    // Côte d'Azur Habitat shares only its occupancy rate.
    expect(rows.find((r) => r.key === 'paper_share')?.members).toBe(6);
    const c = t.client();
    await c.signIn(demo('network_member'));
    const html = await (await c.get('/impact/network')).text();
    expect(html).toContain('86,7 %');
    expect(html).not.toContain('Votre organisation');
  });

  it('shows a member its own figure against the distribution, and honours its opt-out', async () => {
    const icf = await benchmark(t.database.db, staffOf('icf-habitat-sem'), network(), Y2026);
    expect(icf.find((r) => r.key === 'occupancy_rate')?.own).toBe(86.7);
    await setNetworkShares(t.database.db, staffOf('logirem'), network(), ['paper_share']);
    const after = await benchmark(t.database.db, staffOf('icf-habitat-sem'), network(), Y2026);
    expect(after.find((r) => r.key === 'occupancy_rate')?.members).toBe(6);
    await setNetworkShares(t.database.db, staffOf('logirem'), network(), ['occupancy_rate', 'paper_share', 'household_size', 'turnover_rate']);
  });

  it('drops members with too few households and hides a distribution of fewer than 3 members', async () => {
    const set = (v: number) => t.database.owner.query("update organisations set settings = jsonb_build_object('impact_threshold', $1::int) where id = $2", [v, network()]);
    await set(21); // only ICF (26 households) is left
    const few = await benchmark(t.database.db, staffOf('ar-hlm-paca', 'network_member'), network(), Y2026);
    expect(few.find((r) => r.key === 'occupancy_rate')).toMatchObject({
      members: 1,
      q1: null,
      median: null,
      q3: null,
    });
    await set(1); // never below 5: every member counts
    const floor = await benchmark(t.database.db, staffOf('ar-hlm-paca', 'network_member'), network(), Y2026);
    expect(floor.find((r) => r.key === 'occupancy_rate')?.members).toBe(7);
    await t.database.owner.query("update organisations set settings = '{}' where id = $1", [network()]);
  });

  it('never gives a network member its members’ rows, nor an outsider the benchmark', async () => {
    const seen = await withTenant(t.database.db, { orgId: network() }, (tx) => tx.selectFrom('households').select('id').execute());
    expect(seen).toEqual([]);
    const c = t.client();
    await c.signIn(demo('network_member'));
    expect((await c.get('/impact')).status).toBe(403);
    expect((await c.get('/impact/export.csv')).status).toBe(403);
    const outsider = withTenant(t.database.db, { orgId: org.get('plurial-novilia') as string }, (tx) =>
      sql`select * from impact_network_benchmark(${network()}::uuid, 'occupancy_rate', '2026-01-01', '2027-01-01')`.execute(tx),
    );
    await expect(outsider).rejects.toThrow(/not in this network/);
    const pm = t.client();
    await pm.signIn(demo('programme_manager'));
    expect(await (await pm.get('/impact/network')).text()).toContain('ne fait partie d’aucun réseau');
    expect((await pm.get(`/impact/network?network=${network()}`)).status).toBe(404);
  });
});

describe('the dashboard on the nightly summary', () => {
  it('shows the same table once the monthly figures exist, and says when they were computed', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const live = await (await c.get('/impact?year=2026')).text();
    expect(live).not.toContain('Chiffres du registre calculés le');
    const { ALL_JOBS } = await import('../../modules.js');
    const job = ALL_JOBS.find((j) => j.name === 'directory.refresh-figures');
    if (!job) throw new Error('directory.refresh-figures is not scheduled');
    const pino = (await import('pino')).default;
    await job.run({ services: t.services, now: new Date(), log: pino({ level: 'silent' }) });
    const summarised = await (await c.get('/impact?year=2026')).text();
    expect(summarised).toContain('Chiffres du registre calculés le');
    const table = (html: string) => html.slice(html.indexOf('<table'), html.lastIndexOf('</table>'));
    expect(table(summarised)).toBe(table(live));
    expect(summarised).toMatch(/<th scope="row">Réma’Vert — Arc-en-Ciel<\/th><td>83,3 %<\/td>/);
  });
});

describe('indicators from the other modules', () => {
  it('counts the confirmed space bookings of the period, as the spaces module records them', async () => {
    const { parisMidnight } = await import('./domain/period.js');
    expect(parisMidnight('2026-01-01').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(parisMidnight('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    const plurial = org.get('plurial-novilia') as string;
    const d = await dashboard(t.database.db, staffOf('plurial-novilia'), { period: Y2026, residenceId: null });
    const bookings = d.columns.find((c) => c.indicator.key === 'spaces.bookings');
    const expected = await t.database.owner.query<{ n: number }>(
      `select count(*)::int as n from space_bookings where organisation_id = $1 and status = 'confirmed' and during && tstzrange('2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z', '[)')`,
      [plurial],
    );
    expect(expected.rows[0].n).toBeGreaterThan(0);
    expect(bookings?.total).toBe(expected.rows[0].n);
  });

  it('counts the activities held and the proposals received, and hides attendance rates on too few people', async () => {
    const plurial = org.get('plurial-novilia') as string;
    const d = await dashboard(t.database.db, staffOf('plurial-novilia'), { period: Y2026, residenceId: null });
    const col = (key: string) => d.columns.find((c) => c.indicator.key === key);
    const events = await t.database.owner.query<{ n: number }>(
      `select count(*)::int as n from community_events where organisation_id = $1 and cancelled_at is null and starts_at >= '2025-12-31T23:00:00Z' and starts_at < '2026-12-31T23:00:00Z'`,
      [plurial],
    );
    const proposals = await t.database.owner.query<{ n: number }>(
      `select count(*)::int as n from community_proposals p join community_processes c on c.id = p.process_id
        where c.organisation_id = $1 and p.hidden_at is null and p.created_at >= '2025-12-31T23:00:00Z' and p.created_at < '2026-12-31T23:00:00Z'`,
      [plurial],
    );
    expect(events.rows[0].n).toBeGreaterThan(0);
    expect(col('community.events')?.total).toBe(events.rows[0].n);
    expect(col('community.proposals')?.total).toBe(proposals.rows[0].n);
    // The demo's roll calls are a handful of people: a rate on them would tell who came.
    const rateCol = col('community.attendance_rate');
    expect(rateCol?.indicator.personal).toBe(true);
    // Three people marked present at one activity of a residence: a base far under the threshold.
    const event = await t.database.owner.query<{ id: string }>(
      `select id from community_events where organisation_id = $1 and residence_id is not null and cancelled_at is null and starts_at >= '2025-12-31T23:00:00Z' and starts_at < '2026-12-31T23:00:00Z' order by starts_at limit 1`,
      [plurial],
    );
    expect(event.rows.length).toBe(1);
    await t.database.owner.query(
      `insert into community_registrations (organisation_id, event_id, household_id, adults, status, attendance)
       select $1, $2, h.id, 1, 'confirmed', 'present' from households h where h.organisation_id = $1
          and not exists (select 1 from community_registrations x where x.event_id = $2 and x.household_id = h.id) order by h.reference limit 3`,
      [plurial, event.rows[0].id],
    );
    const after = await dashboard(t.database.db, staffOf('plurial-novilia'), { period: Y2026, residenceId: null });
    const rateAfter = after.columns.find((c) => c.indicator.key === 'community.attendance_rate');
    const marked = await t.database.owner.query<{ residence_id: string; n: number }>(
      `select e.residence_id, count(*)::int as n from community_registrations r join community_events e on e.id = r.event_id
        where e.organisation_id = $1 and r.attendance is not null and e.residence_id is not null and e.starts_at >= '2025-12-31T23:00:00Z' and e.starts_at < '2026-12-31T23:00:00Z'
        group by e.residence_id`,
      [plurial],
    );
    expect(marked.rows.length).toBeGreaterThan(0);
    for (const m of marked.rows) {
      const i = after.residences.findIndex((r) => r.id === m.residence_id);
      if (i >= 0 && m.n < after.threshold) expect(rateAfter?.cells[i]).toBeNull();
    }
  });
});
