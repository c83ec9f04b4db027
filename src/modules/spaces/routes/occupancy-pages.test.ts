import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Client;
let gardens: DemoSpace;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);
// A past week the demo's bookings do not reach: Monday 10 March 2025.
const WEEK = '2025-03-10';

beforeAll(async () => {
  t = await testApp();
  gardens = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  manager = t.client();
  await manager.signIn(demo('programme_manager'));
  const plots = (await q('select id from space_resources where space_id = $1 order by position', [gardens.spaceId])).rows.map((r) => r.id);
  const book = (resource: string, household: string, from: string, to: string, status: string, purpose: string) =>
    q(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status, purpose)
       values ($1, $2, $3, 1, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), $7, $8)`,
      [gardens.orgId, gardens.spaceId, resource, household, from, to, status, purpose],
    );
  await book(plots[0], gardens.households[0], '2025-03-11T10:00:00+01', '2025-03-11T12:00:00+01', 'confirmed', 'leisure');
  await book(plots[1], gardens.households[0], '2025-03-12T10:00:00+01', '2025-03-12T12:00:00+01', 'no_show', 'leisure');
  await book(plots[2], gardens.households[1], '2025-03-13T14:00:00+01', '2025-03-13T16:00:00+01', 'confirmed', 'training');
  // Cancelled bookings and other weeks do not count.
  await book(plots[2], gardens.households[2], '2025-03-14T14:00:00+01', '2025-03-14T16:00:00+01', 'cancelled', 'leisure');
  await book(plots[2], gardens.households[2], '2025-03-17T14:00:00+01', '2025-03-17T16:00:00+01', 'confirmed', 'leisure');
});

describe('the occupancy report', () => {
  it('shows per space the week’s rate, hours, distinct households, no-show rate and purposes', async () => {
    const res = await manager.get(`/staff/spaces/occupancy?period=week&date=2025-03-13`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = /<th scope="row">Jardins partagés de Réma’Vert<\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    const cells = [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    // Open 08:00–20:00 every day, 3 plots: 12 × 7 × 3 = 252 h; 6 h booked (the no-show held its plot).
    expect(cells).toEqual(['252', '6', '2,4 %', '2', '3', '33,3 % (1)', 'Loisirs : 2 ; Formation : 1']);
    expect(html).toContain(`href="/staff/spaces/occupancy.csv?period=week&amp;date=${WEEK}"`);
  });

  it('draws the rates as a server-side SVG chart before the table, named, summarised in words, no script', async () => {
    const html = await (await manager.get(`/staff/spaces/occupancy?period=week&date=${WEEK}`)).text();
    const chart = /<figure class="chart">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(chart).toContain('role="img"');
    expect(chart).toContain('aria-labelledby="occupancy-chart-t occupancy-chart-d"');
    expect(chart).toMatch(/<title id="occupancy-chart-t">Taux d’occupation par espace — Occupation du lundi 10 mars 2025 au dimanche 16 mars 2025<\/title>/);
    // The gardens' bar carries the table's own figure; the summary names the busiest space.
    expect(chart).toContain('Jardins partagés de Réma’Vert');
    expect(chart).toContain('2,4 %');
    expect(chart).toMatch(/Le plus occupé : [^<]+\(\d/);
    expect(html.indexOf('<figure class="chart">')).toBeLessThan(html.indexOf('<table>'));
    expect(html).not.toContain('<script');
  });

  it('sums a month the same way', async () => {
    const html = await (await manager.get('/staff/spaces/occupancy?period=month&date=2025-03-01')).text();
    const row = /<th scope="row">Jardins partagés de Réma’Vert<\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    // 12 h × 31 days × 3 plots.
    expect([...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1].replace(/\s/g, ' ')).slice(0, 5)).toEqual(['1 116', '8', '0,7 %', '3', '4']);
  });

  it('exports the same table as CSV, audited, with a formula in a name neutralised', async () => {
    await q("update spaces set name = '=HYPERLINK(\"http://x\")' where name = 'Salle commune Arc-en-Ciel'");
    const res = await manager.get(`/staff/spaces/occupancy.csv?period=week&date=${WEEK}`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`occupation-week-${WEEK}.csv`);
    const lines = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Espace,Heures ouvertes × places,Heures réservées,Taux d’occupation,Foyers différents,Réservations,Absences (nombre),Motifs');
    expect(lines).toContain('Jardins partagés de Réma’Vert,252,6,2.4 %,2,3,33.3 % (1),Loisirs : 2 ; Formation : 1'.replace('Loisirs : 2 ; Formation : 1', '"Loisirs : 2 ; Formation : 1"'));
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://x"")"`))).toBe(true);
    expect((await q("select count(*)::int as n from audit_events where action = 'spaces.occupancy.export'")).rows[0].n).toBe(1);
  });

  it('is for programme managers only', async () => {
    const facilitator = t.client();
    await facilitator.signIn(demo('facilitator'));
    expect((await facilitator.get('/staff/spaces/occupancy')).status).toBe(403);
    expect((await facilitator.get('/staff/spaces/occupancy.csv')).status).toBe(403);
  });
});
