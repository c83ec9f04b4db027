import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let pm: Client;
let plurial: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const year = new Date().getUTCFullYear();
// The year in Paris as instants, as the dashboard sees it.
const FROM = `${year - 1}-12-31T23:00:00Z`;
const TO = `${year}-12-31T23:00:00Z`;

/** What the landlord's households asked of each service this year, counted straight from the requests. */
async function expected() {
  return q(
    `select min(c.name_fr) as name, count(*)::int as requests,
       count(*) filter (where r.status not in ('done', 'closed', 'cancelled'))::int as open,
       count(*) filter (where r.status in ('done', 'closed'))::int as done,
       count(*) filter (where r.status = 'cancelled')::int as cancelled
     from concierge_requests r join concierge_catalogue c on c.id = r.catalogue_id
     where r.landlord_id = $1 and r.created_at >= $2 and r.created_at < $3
     group by c.code order by requests desc, c.code`,
    [plurial, FROM, TO],
  );
}

beforeAll(async () => {
  t = await testApp();
  plurial = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
  pm = t.client();
  await pm.signIn(demo('programme_manager'));
});

describe('concierge requests by service on the impact dashboard', () => {
  it('shows each service with its requests by status, most asked first, as the requests say', async () => {
    const want = await expected();
    expect(want.length).toBeGreaterThan(1);
    const html = await (await pm.get(`/impact?year=${year}`)).text();
    const section = html.slice(html.indexOf('id="services-h"'), html.indexOf('</section>', html.indexOf('id="services-h"')));
    const rows = [...section.matchAll(/<tr><th scope="row">([^<]*)<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g)].map((m) => [m[1], ...[...m[2].matchAll(/<td>([^<]*)<\/td>/g)].slice(0, 4).map((x) => Number(x[1].replace(/\s/g, '')))]);
    expect(rows).toEqual(want.map((w) => [w.name.replace(/'/g, '&#39;'), w.requests, w.open, w.done, w.cancelled]));
  });

  it('exports the same table as CSV (audited) and as a sheet of the workbook', async () => {
    const want = await expected();
    const csv = await pm.get(`/impact/services.csv?year=${year}`);
    expect(csv.headers.get('content-disposition')).toContain(`conciergerie-services-${year}.csv`);
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Service,Demandes,En cours,Réalisées,Annulées,Délai médian de réalisation (jours)');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 5).map(Number))).toEqual(want.map((w) => [w.requests, w.open, w.done, w.cancelled]));
    expect((await q("select count(*)::int as n from audit_events where action = 'impact.exported.services_csv'"))[0].n).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await (await pm.get(`/impact/export.xlsx?year=${year}`)).arrayBuffer()) as never);
    const sheet = wb.getWorksheet('Demandes de conciergerie par se');
    expect(sheet?.getRow(2).getCell(2).value).toBe(want[0].requests);
  });

  it('narrows to one residence, and says so when nothing was asked there', async () => {
    const quiet = (await q(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'SERV-1', 'Les Peupliers', '3 rue des Peupliers', '51100', 'Reims') returning id`, [plurial]))[0].id;
    const html = await (await pm.get(`/impact?year=${year}&residence=${quiet}`)).text();
    expect(html).toContain('Aucune demande de conciergerie dans la période.');
    expect(html).not.toContain('/impact/services.csv');
  });
});
