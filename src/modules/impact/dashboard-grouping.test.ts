import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { translator } from '../../platform/i18n/index.js';
import { periodOf } from './domain/period.js';
import { dashboard } from './queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
// A year the demo never touches: only the support sessions written here count.
const YEAR = 2019;
const HOUSEHOLDS = 'spaces.support_households';
const SESSIONS = 'spaces.support_sessions';
let orgId: string;
let someUser: string;
const ids = new Map<string, string>();

/**
 * Three test agencies and residences without one, with support sessions in March 2019 (one per
 * household and residence). Households helped, by residence (threshold 11):
 *   Nord: A 10 households (h0–h9), B 8 (h4–h11): 12 distinct, not 18      — both hidden
 *   Est: E 4 (hidden), F 15                                                — 19
 *   Ouest: H 3 (hidden)                                                    — 3
 *   no agency: D 2 (hidden), G 15                                          — 17
 * A and B are student residences, the others pensions de famille.
 */
const LAYOUT: [string, string | null, string, number, number][] = [
  ['A', 'Agence Test Nord', 'student', 0, 10],
  ['B', 'Agence Test Nord', 'student', 4, 8],
  ['E', 'Agence Test Est', 'pension_de_famille', 12, 4],
  ['F', 'Agence Test Est', 'pension_de_famille', 16, 15],
  ['D', null, 'pension_de_famille', 31, 2],
  ['G', null, 'pension_de_famille', 33, 15],
  ['H', 'Agence Test Ouest', 'pension_de_famille', 48, 3],
];

beforeAll(async () => {
  t = await testApp();
  orgId = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  const space = (await q('select id from spaces where organisation_id = $1 order by name limit 1', [orgId]))[0].id;
  const households: string[] = [];
  for (let i = 0; i < 51; i++) households.push((await q(`insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id`, [orgId, `GROUP-H${i}`, `Foyer test ${i}`]))[0].id);
  const agencies = new Map<string, string>();
  for (const name of ['Agence Test Nord', 'Agence Test Est', 'Agence Test Ouest'])
    agencies.set(name, (await q('insert into agencies (organisation_id, name) values ($1, $2) returning id', [orgId, name]))[0].id);
  for (const [code, agency, kind, first, count] of LAYOUT) {
    const id = (
      await q(`insert into residences (organisation_id, reference, name, address, postcode, city, kind, agency_id) values ($1, $2, $3, '1 rue du Test', '51100', 'Reims', $4, $5) returning id`, [
        orgId,
        `GROUP-${code}`,
        `Résidence test ${code}`,
        kind,
        agency ? agencies.get(agency) : null,
      ])
    )[0].id;
    ids.set(code, id);
    for (let i = first; i < first + count; i++)
      await q(`insert into space_support_sessions (organisation_id, space_id, residence_id, household_id, held_on, minutes, topic) values ($1, $2, $3, $4, '2019-03-15', 60, 'job_search')`, [orgId, space, id, households[i]]);
  }
});

const staff = (): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

/** A column's cells keyed by row name (null: the group without an agency or type). */
async function byRow(group: 'residence' | 'agency' | 'type', key: string) {
  const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: null, group });
  const col = d.columns.find((c) => c.indicator.key === key);
  return { d, cells: new Map(d.rows.map((r, i) => [r.name, col?.cells[i]])), total: col?.total };
}

describe('the dashboard grouped by agency or residence type', () => {
  it('counts the distinct households of the whole scope in the total, not the sum of the residences', async () => {
    const { cells, total } = await byRow('residence', HOUSEHOLDS);
    expect(cells.get('Résidence test A')).toBeNull();
    expect(cells.get('Résidence test B')).toBeNull();
    expect(cells.get('Résidence test F')).toBe(15);
    expect(cells.get('Résidence test G')).toBe(15);
    expect(cells.get('Résidence test H')).toBeNull();
    // 51 distinct households; the residences' cells add up to 57.
    expect(total).toBe(51);
  });

  it('computes each agency over its residences and hides small groups and groups that would give a residence back', async () => {
    const { d, cells, total } = await byRow('agency', HOUSEHOLDS);
    expect(d.grouping).toBe('agency');
    // Nord: 12 distinct households, although its residences' cells are 10 and 8.
    expect(cells.get('Agence Test Nord')).toBe(12);
    // Est: 19, but F (15) is shown: 19 − 15 would give E's 4 back.
    expect(cells.get('Agence Test Est')).toBeNull();
    // Ouest: 3 households, under the threshold.
    expect(cells.get('Agence Test Ouest')).toBeNull();
    // Without an agency: 17, but G (15) is shown and D (2) is not.
    expect(cells.has(null)).toBe(true);
    expect(cells.get(null)).toBeNull();
    expect(d.rows.at(-1)?.name).toBeNull();
    expect(total).toBe(51);
    // Every residence is in exactly one group.
    expect(d.rows.flatMap((r) => r.residenceIds).sort()).toEqual(d.residences.map((r) => r.id).sort());
    // Sessions are no count of people: every group's own figure shows.
    const sessions = await byRow('agency', SESSIONS);
    expect([sessions.cells.get('Agence Test Nord'), sessions.cells.get('Agence Test Est'), sessions.cells.get('Agence Test Ouest'), sessions.cells.get(null)]).toEqual([18, 19, 3, 17]);
    expect(sessions.total).toBe(57);
  });

  it('computes each residence type over its residences', async () => {
    const { cells } = await byRow('type', HOUSEHOLDS);
    expect(cells.get('student')).toBe(12);
    expect(cells.get('pension_de_famille')).toBe(39);
  });

  it('shows no count of people between 1 and the threshold in any grouping', async () => {
    for (const group of ['residence', 'agency', 'type'] as const) {
      const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: null, group });
      for (const c of d.columns.filter((x) => x.indicator.personal && x.indicator.unit === 'count'))
        for (const v of [...c.cells, c.total]) if (v !== null) expect(v === 0 || v >= 11, `${group} ${c.indicator.key} ${v}`).toBe(true);
    }
  });
});

describe('the grouped dashboard over HTTP', () => {
  const fr = translator('fr');
  /** The CSV's cell for a row and an indicator. */
  const cell = (csv: string, row: string, key: string) => {
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    const col = lines[0].split(',').indexOf(fr(`impact.ind.${key}`));
    return lines.find((l) => l.startsWith(`${row},`))?.split(',')[col];
  };

  it('offers the grouping as a filter and shows the agencies in the chart, its table and every export link', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const res = await c.get(`/impact?year=${YEAR}&group=agency&chart=${HOUSEHOLDS}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="f-group">Regrouper par</label>');
    expect(html).toMatch(/<option value="agency" selected="">Agence<\/option>/);
    expect(html).toContain('<th scope="row">Agence Test Nord</th><td>12</td>');
    expect(html).toContain('<th scope="row">Sans agence</th><td>masqué</td>');
    expect(html).toContain('Foyers accompagnés par agence, 2019');
    expect(html).toContain('Regroupement par agence');
    expect(html).toContain(`/impact/export.xlsx?year=${YEAR}&amp;quarter=&amp;residence=&amp;group=agency`);
    const byType = await (await c.get(`/impact?year=${YEAR}&group=type&chart=${HOUSEHOLDS}`)).text();
    expect(byType).toContain('<th scope="row">Résidence étudiante</th><td>12</td>');
    expect(byType).toContain('<th scope="row">Pension de famille</th><td>39</td>');
  });

  it('exports the groups as CSV, with the month filter too; an unknown grouping is the residence view', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const csv = await (await c.get(`/impact/export.csv?year=${YEAR}&group=agency`)).text();
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^Agence,/);
    expect(cell(csv, 'Agence Test Nord', 'spaces.support_households')).toBe('12');
    expect(cell(csv, 'Agence Test Est', 'spaces.support_households')).toBe('masqué');
    expect(cell(csv, 'Sans agence', 'spaces.support_sessions')).toBe('17');
    expect(cell(csv, 'Total', 'spaces.support_households')).toBe('51');
    const march = await (await c.get(`/impact/export.csv?year=${YEAR}&month=3&group=agency`)).text();
    expect(cell(march, 'Agence Test Nord', 'spaces.support_households')).toBe('12');
    expect(march).toContain('Total février 2019');
    const april = await (await c.get(`/impact/export.csv?year=${YEAR}&month=4&group=agency`)).text();
    expect(cell(april, 'Agence Test Nord', 'spaces.support_households')).toBe('0');
    const odd = await (await c.get(`/impact/export.csv?year=${YEAR}&group=landlord`)).text();
    expect(odd.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^Résidence,/);
    expect(cell(odd, 'Résidence test F', 'spaces.support_households')).toBe('15');
    const audited = await q("select details->>'group' as g from audit_events where action = 'impact.exported.csv' order by id");
    expect(audited.map((r) => r.g)).toEqual(['agency', 'agency', 'agency', 'residence']);
  });

  it('exports the groups as XLSX, numbers as numbers and hidden cells said so', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const res = await c.get(`/impact/export.xlsx?year=${YEAR}&group=type`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers[0]).toBe('Type de résidence');
    const col = headers.indexOf(fr('impact.ind.spaces.support_households')) + 1;
    const rows = new Map<unknown, unknown>();
    ws.eachRow((r) => rows.set(r.getCell(1).value, r.getCell(col).value));
    expect(rows.get('Résidence étudiante')).toBe(12);
    expect(rows.get('Pension de famille')).toBe(39);
    expect(rows.get('Total')).toBe(51);
  });

  it('writes the groups in the funder report', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const res = await c.get(`/impact/report.pdf?year=${YEAR}&group=agency&chart=${HOUSEHOLDS}`);
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer()).toString('latin1');
    // Uncompressed text runs: hex strings in the page content.
    const pdf = [...raw.matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1], 'hex').toString('latin1')).join('');
    expect(pdf).toContain('Agence Test Nord : 12');
    expect(pdf).toContain('par agence');
  });
});
