import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { apiTokenFor } from '../../../test/api-token.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let noDesk: string;
let resident: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const thisMonth = todayInParis().slice(0, 7);
// Two months back: ended, and not issued by the demo (which issues last month only).
const pastMonth = (() => {
  const d = new Date(`${thisMonth}-15T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 2);
  return d.toISOString().slice(0, 7);
})();
const PATH = '/api/v1/concierge/desk/statements/run';

const tokenFor = (email: string, scopes: string[]) => apiTokenFor(t, email, scopes, 'Run');
const post = (secret: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(PATH, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const issued = async (period = pastMonth) => Number((await q('select count(*)::int as n from concierge_statements where period = $1', [period]))[0].n);
const payouts = async () => Number((await q('select count(*)::int as n from concierge_payout_statements where period = $1', [pastMonth]))[0].n);

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  // The demo's subscribers started a month earlier, and a request was completed two months back:
  // that ended month has subscribers to bill and a provider to pay.
  await q("update concierge_subscriptions set starts_on = (starts_on - interval '1 month')::date");
  await q("update concierge_requests set status = 'done', completed_at = $1::date + interval '10 days 12 hours' where id = (select id from concierge_requests where status = 'dispatched' and unit_cost_cents is not null limit 1)", [`${pastMonth}-01`]);
});

describe('POST /api/v1/concierge/desk/statements/run: the staff’s monthly run', () => {
  it('403 for a resident, 404 for an organisation without a desk, 422 at the field for a bad month; nothing issued', async () => {
    expect((await post(resident, { period: pastMonth })).status).toBe(403);
    expect((await post(noDesk, { period: pastMonth })).status).toBe(404);
    const bad = await post(staff, { period: '2026-13' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ period: 'Indiquez un mois au format AAAA-MM.' });
    const en = await post(staff, {}, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).fields).toEqual({ period: 'Enter a month as YYYY-MM.' });
    const nextYear = `${Number(thisMonth.slice(0, 4)) + 1}-01`;
    const future = await post(staff, { period: nextYear });
    expect(future.status).toBe(422);
    expect((await future.json()).fields).toEqual({ period: 'Ce mois n’a pas encore commencé : on ne peut facturer qu’un mois terminé.' });
    expect(await issued()).toBe(0);
  });

  it('refuses the current month until it has ended (services completed later would be left out), in French and English; nothing issued', async () => {
    const fr = await post(staff, { period: thisMonth });
    expect(fr.status).toBe(422);
    expect((await fr.json()).fields).toEqual({ period: 'Ce mois n’est pas encore terminé : il pourra être facturé à partir du 1er du mois suivant, avec tous les services rendus jusqu’à sa fin.' });
    const en = await post(staff, { period: thisMonth }, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).fields).toEqual({ period: 'This month has not ended yet: it can be billed from the 1st of next month, with every service completed until its end.' });
    expect(await issued(thisMonth)).toBe(0);
    expect(await q('select id from concierge_payout_statements where period = $1', [thisMonth])).toEqual([]);
  });

  it('issues the month once under concurrent calls (one 201, gap-free numbers); a later call issues nothing and says so', async () => {
    const before = (await q('select max(number)::int as last from concierge_statements'))[0].last as number;
    const answers = await Promise.all([1, 2, 3].map(() => post(staff, { period: pastMonth })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const first = bodies.find((b) => !b.nothingNew);
    const count = await issued();
    expect(count).toBeGreaterThan(1);
    expect(first).toEqual({ period: pastMonth, statements: count, payouts: await payouts(), nothingNew: false, message: expect.stringContaining(`${pastMonth} : ${count} relevés et`) });
    expect(first.payouts).toBeGreaterThan(0);
    const numbers = (await q('select number from concierge_statements where period = $1 order by number', [pastMonth])).map((r) => r.number);
    expect(numbers).toEqual(numbers.map((_, i) => before + 1 + i));
    for (const b of bodies.filter((x) => x.nothingNew)) expect(b).toMatchObject({ statements: 0, payouts: 0 });
    // Issued by the staff member, as from the page (the scheduled job issues as nobody).
    expect((await q('select count(*)::int as n from concierge_statements where period = $1 and issued_by is null', [pastMonth]))[0].n).toBe(0);

    const again = await post(staff, { period: pastMonth }, { 'accept-language': 'en' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ period: pastMonth, statements: 0, payouts: 0, nothingNew: true, message: `Nothing new for ${pastMonth}: every subscriber, landlord and provider already had its statement.` });
    const fr = await post(staff, { period: pastMonth });
    expect((await fr.json()).message).toBe(`Rien de nouveau pour ${pastMonth} : chaque abonné, bailleur et prestataire avait déjà son relevé.`);
    expect(await issued()).toBe(count);
  });
});
