import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { translator } from '../../platform/i18n/index.js';
import { actorFor, LOGIREM } from '../support/test-helpers.js';
import { periodOf } from './domain/period.js';
import { dashboard } from './queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
// A year the demo never touches: only the cases written here count.
const YEAR = 2019;
const OPENED = 'support.cases_opened';
let orgId: string;
const names: string[] = [];

/**
 * Three test programmes of Logirem with cases opened in 2019 (threshold 11):
 *   « Test A » 14 cases — shown; « Test B » 4 — under the threshold; « Test C » 12 — hidden too,
 *   else the total (30) minus A and C would give B back. 13 of A's cases closed 10 days later.
 */
const LAYOUT: [string, number, number][] = [
  ['Programme test A', 14, 13],
  ['Programme test B', 4, 0],
  ['Programme test C', 12, 0],
];

beforeAll(async () => {
  t = await testApp();
  orgId = (await q("select id from organisations where slug = 'logirem'"))[0].id;
  const household = (await q('select id from households where organisation_id = $1 order by reference limit 1', [orgId]))[0].id;
  for (const [name, opened, closed] of LAYOUT) {
    names.push(name);
    const programme = (await q(`insert into support_programmes (organisation_id, kind, name) values ($1, 'generic', $2) returning id`, [orgId, name]))[0].id;
    await q(
      `insert into support_cases (id, organisation_id, programme_id, household_id, reference, status, opened_at, closed_at, outcome)
       select gen_random_uuid(), $1, $2, $3, $4 || g, case when g <= $6 then 'closed' else 'open' end,
              '2019-03-01T10:00:00Z'::timestamptz + g * interval '1 day',
              case when g <= $6 then '2019-03-11T10:00:00Z'::timestamptz + g * interval '1 day' end,
              case when g <= $6 then 'fait' end
         from generate_series(1, $5::int) g`,
      [orgId, programme, household, `PGT-${name.at(-1)}-`, opened, closed],
    );
  }
});

async function board(opts: { residenceId?: string | null; email?: string } = {}) {
  const actor = await actorFor(t.database.db, opts.email ?? LOGIREM.admin);
  return dashboard(t.database.db, actor, { period: periodOf(YEAR), residenceId: opts.residenceId ?? null, group: 'programme' });
}
const column = (d: Awaited<ReturnType<typeof board>>, key: string) => d.columns.find((c) => c.indicator.key === key);
const cellsOf = (d: Awaited<ReturnType<typeof board>>, key: string) => new Map(d.rows.map((r, i) => [r.name, column(d, key)?.cells[i]]));

describe('the support indicators grouped by programme', () => {
  it('gives each programme its own figures, and only the columns a programme has', async () => {
    const d = await board();
    expect(d.grouping).toBe('programme');
    for (const n of names) expect(d.rows.map((r) => r.name)).toContain(n);
    expect(d.rows.every((r) => r.residenceIds.length === 0)).toBe(true);
    expect(d.columns.every((c) => c.indicator.source === 'support')).toBe(true);
    expect(column(d, 'support.quota_progress')).toBeUndefined();
    expect(column(d, 'directory.households')).toBeUndefined();
    // A: 14 opened, 13 closed 10 days after opening (median 10); the other programmes opened none in 2019.
    const opened = cellsOf(d, OPENED);
    expect(opened.get('Programme test A')).toBe(14);
    expect(cellsOf(d, 'support.cases_closed').get('Programme test A')).toBe(13);
    expect(cellsOf(d, 'support.close_days_median').get('Programme test A')).toBe(10);
    expect(column(d, OPENED)?.total).toBe(30);
    for (const r of d.rows) if (!names.includes(r.name as string)) expect(opened.get(r.name)).toBe(0);
  });

  it('hides a programme under the threshold, and a second one so the total cannot give it back', async () => {
    const d = await board();
    const col = column(d, OPENED);
    const opened = cellsOf(d, OPENED);
    expect(opened.get('Programme test B')).toBeNull();
    expect(opened.get('Programme test C')).toBeNull();
    // The attack: the total minus every cell shown is what the hidden cells hold together — never one of them.
    const shown = (col?.cells ?? []).reduce<number>((a, v) => a + (v ?? 0), 0);
    expect((col?.total as number) - shown).toBe(16);
    expect(col?.hidden.filter(Boolean).length).toBe(2);
    // The median of B's cases is hidden with its base; A's 13 closed cases show theirs.
    expect(cellsOf(d, 'support.close_days_median').get('Programme test B')).toBeNull();
  });

  it('has no row with a residence chosen (support figures are the whole landlord’s)', async () => {
    const [res] = await q('select id from residences where organisation_id = $1 order by name limit 1', [orgId]);
    const d = await board({ residenceId: res.id });
    expect(d.rows).toEqual([]);
    expect(column(d, OPENED)?.total).toBeNull();
  });
});

describe('the programme view over HTTP', () => {
  const fr = translator('fr');
  const cell = (csv: string, row: string, key: string) => {
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    const col = lines[0].split(',').indexOf(fr(`impact.ind.${key}`));
    return lines.find((l) => l.startsWith(`${row},`))?.split(',')[col];
  };

  it('offers the grouping, shows the programmes in the chart table and exports them as CSV (audited)', async () => {
    const c = t.client();
    await c.signIn(LOGIREM.admin);
    const res = await c.get(`/impact?year=${YEAR}&group=programme&chart=${OPENED}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<option value="programme" selected="">Programme d’accompagnement<\/option>/);
    expect(html).toContain('<th scope="row">Programme test A</th><td>14</td>');
    expect(html).toContain('<th scope="row">Programme test B</th><td>masqué</td>');
    expect(html).toContain('Accompagnements ouverts par programme d’accompagnement, 2019');
    expect(html).toContain(`/impact/export.csv?year=${YEAR}&amp;quarter=&amp;residence=&amp;group=programme`);
    const csv = await (await c.get(`/impact/export.csv?year=${YEAR}&group=programme`)).text();
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^Programme d’accompagnement,/);
    expect(cell(csv, 'Programme test A', OPENED)).toBe('14');
    expect(cell(csv, 'Programme test C', OPENED)).toBe('masqué');
    expect(cell(csv, 'Total', OPENED)).toBe('30');
    const audited = await q("select details->>'group' as g from audit_events where action = 'impact.exported.csv' and organisation_id = $1", [orgId]);
    expect(audited.map((r) => r.g)).toEqual(['programme']);
  });

  it('says why there is no programme with a residence chosen', async () => {
    const c = t.client();
    await c.signIn(LOGIREM.admin);
    const [res] = await q('select id from residences where organisation_id = $1 order by name limit 1', [orgId]);
    const html = await (await c.get(`/impact?year=${YEAR}&group=programme&residence=${res.id}`)).text();
    expect(html).toContain(fr('impact.group.programmeWhole'));
  });

  it('keeps the programmes (their names and counts) from staff who are not managers, and says so', async () => {
    const [u] = await q("insert into users (email, display_name, password_hash) select 'animatrice-impact@logirem.demo.palier.fr', 'Animatrice', password_hash from users where email = $1 returning id", [LOGIREM.admin]);
    await q("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'facilitator')", [orgId, u.id]);
    const d = await board({ email: 'animatrice-impact@logirem.demo.palier.fr' });
    expect(d.rows).toEqual([]);
    expect(d.noProgrammes).toBe('permission');
    const c = t.client();
    await c.signIn('animatrice-impact@logirem.demo.palier.fr');
    const res = await c.get(`/impact?year=${YEAR}&group=programme&chart=${OPENED}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(fr('impact.group.programmeManagers'));
    expect(html).not.toContain('Programme test A');
  });
});
