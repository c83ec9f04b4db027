import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { translator } from '../../platform/i18n/index.js';
import { actorFor, LOGIREM } from '../support/test-helpers.js';
import { periodOf } from './domain/period.js';
import { findIndicator } from './indicators/registry.js';
import { BENCHMARK_KEYS, benchmark, catalogueKey } from './queries/benchmark.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const YEAR = new Date().getFullYear();
const fr = translator('fr');
let network: string;
let others: string[];

beforeAll(async () => {
  t = await testApp();
  network = (await q("select id from organisations where slug = 'ar-hlm-paca'"))[0].id;
  others = (await q("select o.name from network_memberships m join organisations o on o.id = m.member_id where m.network_id = $1 and o.slug <> 'logirem'", [network])).map((r) => r.name as string);
});

const lines = (csv: string) => csv.replace(/^\ufeff/, '').split('\r\n').filter(Boolean);

describe('the network grouped by landlord', () => {
  it('names only the member’s own landlord, with its own figures, beside the anonymous quartiles', async () => {
    const expected = await benchmark(t.database.db, await actorFor(t.database.db, LOGIREM.admin), network, periodOf(YEAR));
    const occupancy = expected.find((d) => d.key === 'occupancy_rate');
    expect(occupancy?.own).not.toBeNull();
    expect(occupancy?.members).toBeGreaterThanOrEqual(3);
    const c = t.client();
    await c.signIn(LOGIREM.admin);
    const res = await c.get(`/impact/network?network=${network}&year=${YEAR}&group=landlord&chart=occupancy_rate`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<option value="landlord" selected="">Par bailleur<\/option>/);
    const own = `${occupancy?.own}`.replace('.', ',');
    expect(html).toContain(`<th scope="row">Logirem (votre organisation)</th><td>${own} %</td>`);
    expect(html).toContain(`<th scope="row">Réseau (anonyme) : médiane</th><td>${`${occupancy?.median}`.replace('.', ',')} %</td>`);
    expect(html).toContain('Taux d’occupation par bailleur');
    expect(others.length).toBeGreaterThanOrEqual(2);
    for (const name of others) expect(html).not.toContain(name);

    const csv = await c.get(`/impact/network/export.csv?network=${network}&year=${YEAR}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = lines(await csv.text());
    expect(rows[0].split(',')).toEqual(['Bailleur', ...BENCHMARK_KEYS.map((k) => fr(findIndicator(catalogueKey(k))?.label ?? k))]);
    const col = 1 + BENCHMARK_KEYS.indexOf('occupancy_rate');
    expect(rows[1].split(',')[0]).toBe('Logirem (votre organisation)');
    expect(rows[1].split(',')[col]).toBe(String(occupancy?.own));
    expect(rows.find((r) => r.startsWith('Réseau (anonyme) : premier quartile,'))?.split(',')[col]).toBe(String(occupancy?.q1));
    expect(rows.at(-1)?.split(',')[col]).toBe(String(occupancy?.members));
    expect(rows.length).toBe(6);
    for (const name of others) expect(rows.join('\n')).not.toContain(name);
    const audited = await q("select target_id, details->>'year' as year from audit_events where action = 'impact.exported.network_csv'");
    expect(audited).toEqual([{ target_id: network, year: String(YEAR) }]);
  });

  it('gives the network’s own staff no named landlord, and hides a distribution of too few members', async () => {
    const c = t.client();
    await c.signIn(demo('network_member'));
    const html = await (await c.get(`/impact/network?network=${network}&year=${YEAR}&group=landlord`)).text();
    expect(html).not.toContain('(votre organisation)');
    for (const name of [...others, 'Logirem']) expect(html).not.toContain(`<th scope="row">${name}`);
    const rows = lines(await (await c.get(`/impact/network/export.csv?network=${network}&year=${YEAR}`)).text());
    expect(rows.map((r) => r.split(',')[0])).toEqual(['Bailleur', 'Réseau (anonyme) : premier quartile', 'Réseau (anonyme) : médiane', 'Réseau (anonyme) : troisième quartile', 'Bailleurs contributeurs']);
    // Nobody shares the community answers in the demo: fewer than 3 members, the quartiles say "hidden".
    const col = 1 + BENCHMARK_KEYS.indexOf('community.answer_days_median');
    expect(rows[2].split(',')[col]).toBe('masqué');
  });

  it('answers 404 for a network the organisation is not in, and 403 to a resident', async () => {
    const pm = t.client();
    await pm.signIn(demo('programme_manager'));
    expect((await pm.get(`/impact/network/export.csv?network=${network}&year=${YEAR}`)).status).toBe(404);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get(`/impact/network/export.csv?network=${network}&year=${YEAR}`)).status).toBe(403);
  });
});
