import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { issueStatements } from './commands/issue-statements.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let actor: Actor;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const period = (monthsBack: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - monthsBack);
  return d.toISOString().slice(0, 7);
};

/** Statements and credit notes are numbered in their own series, each without gaps. */
async function expectGapFree(kind: 'statement' | 'credit_note' = 'statement') {
  const rows = await q("select number from concierge_statements s join organisations o on o.id = s.organisation_id where o.slug = 'conciergerie-solidaire-51' and s.kind = $1 order by number", [kind]);
  expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
  return rows.length;
}

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  await staff.signIn(demo('partner_staff'));
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('partner_staff')]);
  actor = {
    kind: 'user',
    userId: u.id,
    displayName: 'Nadia Ferreira',
    locale: 'fr',
    orgId: u.organisation_id,
    roles: ['partner_staff'],
    residenceIds: null,
    householdId: null,
    actingFor: null,
    tokenScopes: null,
  };
});

describe('monthly statements', () => {
  it('the demo month is issued: each household statement adds up to its lines, the landlord gets its shares', async () => {
    const statements = await q('select * from concierge_statements where period = $1', [period(1)]);
    expect(statements.filter((s) => s.party === 'household')).toHaveLength(10);
    for (const s of statements) {
      const [sum] = await q(
        'select coalesce(sum(net_cents),0)::int as net, coalesce(sum(vat_cents),0)::int as vat, coalesce(sum(gross_cents),0)::int as gross from concierge_statement_lines where statement_id = $1',
        [s.id],
      );
      expect(sum).toEqual({ net: s.net_cents, vat: s.vat_cents, gross: s.gross_cents });
    }
    // Fee split: each subscriber's landlord share is the plan's fee minus the tenant's share.
    const [landlord] = statements.filter((s) => s.party === 'landlord');
    const [expected] = await q(
      "select sum(p.monthly_fee_cents - p.tenant_share_cents)::int as n from concierge_subscriptions s join concierge_plans p on p.id = s.plan_id where s.starts_on < ($1 || '-01')::date + interval '1 month'",
      [period(1)],
    );
    expect(landlord.gross_cents).toBe(expected.n);
    expect(landlord.vat_cents).toBe(0);
    await expectGapFree();
  });

  it('running a month twice issues nothing the second time', async () => {
    const before = await expectGapFree();
    const again = await staff.post('/concierge/desk/statements/run', { period: period(1) });
    expect(again.headers.get('location')).toBe('/concierge/desk/statements?issued=0');
    // The current month is refused at the field until it has ended (the page keeps the value)…
    const early = await staff.post('/concierge/desk/statements/run', { period: period(0) });
    expect(early.status).toBe(422);
    const html = (await early.text()).replaceAll('&#39;', '’');
    expect(html).toContain('Ce mois n’est pas encore terminé');
    expect(html).toContain('href="#f-period"');
    expect(await expectGapFree()).toBe(before);
    // …and issued once by the run at its end (the command the job and the button share).
    const { issued } = await issueStatements(t.database.db, actor, period(0));
    expect(issued).toBeGreaterThan(5);
    expect((await issueStatements(t.database.db, actor, period(0))).issued).toBe(0);
    expect(await expectGapFree()).toBe(before + issued);
    expect((await staff.post('/concierge/desk/statements/run', { period: '2026-13' })).status).toBe(422);
  });

  it('numbers stay gap-free and unique when runs compete (real PostgreSQL locks)', async () => {
    const before = await expectGapFree();
    const results = await Promise.all([
      issueStatements(t.database.db, actor, period(2)),
      issueStatements(t.database.db, actor, period(2)),
      issueStatements(t.database.db, actor, period(3)),
      issueStatements(t.database.db, actor, period(2)),
    ]);
    const issued = results.reduce((s, r) => s + r.issued, 0);
    // Two and three months back no subscription had started yet: whatever the races, nothing is issued twice.
    const [n] = await q('select count(*)::int as n from concierge_statements where period in ($1, $2)', [period(2), period(3)]);
    expect(issued).toBe(n.n);
    expect(await expectGapFree()).toBe(before + issued);
    // Subscriptions that start earlier make those months billable: compete again on real work.
    await q("update concierge_subscriptions set starts_on = starts_on - interval '3 months'");
    const racing = await Promise.all([1, 2, 3, 4].map(() => issueStatements(t.database.db, actor, period(2))));
    expect(racing.filter((r) => r.issued > 0)).toHaveLength(1);
    expect(racing.reduce((s, r) => s + r.issued, 0)).toBe(11);
    expect(await expectGapFree()).toBe(before + issued + 11);
  });

  it('a credit note cancels a statement line by line, once; statements stay immutable', async () => {
    const [st] = await q("select * from concierge_statements where party = 'household' and kind = 'statement' and gross_cents > 500 order by number limit 1");
    const res = await staff.post(`/concierge/desk/statements/${st.id}/credit`, {});
    expect(res.status).toBe(303);
    const [credit] = await q('select * from concierge_statements where corrects_id = $1', [st.id]);
    expect([credit.net_cents, credit.vat_cents, credit.gross_cents]).toEqual([-st.net_cents, -st.vat_cents, -st.gross_cents]);
    expect(credit.number).toBe(await expectGapFree('credit_note'));
    await expectGapFree('statement');
    const again = await staff.post(`/concierge/desk/statements/${st.id}/credit`, {});
    expect(again.headers.get('location')).toBe(`/concierge/desk/statements/${credit.id}?done=credited`);
    expect((await staff.post(`/concierge/desk/statements/${credit.id}/credit`, {})).status).toBe(409);
    const page = await (await staff.get(`/concierge/desk/statements/${credit.id}`)).text();
    expect(page).toContain(`Avoir n° ${credit.number}`);
  });

  it('exports a month as CSV whose amounts add up to the issued totals, in exact decimals', async () => {
    const res = await staff.get(`/concierge/desk/statements-export.csv?period=${period(1)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = (await res.text()).trim().split('\r\n');
    expect(header.split(';')).toEqual(['number', 'kind', 'party', 'billed_to', 'period', 'line', 'label', 'quantity', 'unit_excl_vat', 'vat_rate_percent', 'net', 'vat', 'gross']);
    // Statements and credit notes have their own series: a document is its kind and number.
    const byNumber = new Map<string, number>();
    for (const r of rows) {
      const cols = r.split(';');
      expect(cols[12]).toMatch(/^-?\d+\.\d{2}$/);
      const cents = Number(cols[12].replace('.', ''));
      const key = `${cols[1]}:${cols[0]}`;
      byNumber.set(key, (byNumber.get(key) ?? 0) + cents);
    }
    for (const st of await q('select kind, number, gross_cents from concierge_statements where period = $1', [period(1)])) {
      expect(byNumber.get(`${st.kind}:${st.number}`) ?? 0).toBe(st.gross_cents);
    }
    expect((await staff.get('/concierge/desk/statements-export.csv?period=nope')).status).toBe(404);
  });

  it('a resident sees their own statements only', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const [other] = await q("select id from concierge_statements where party = 'household' limit 1");
    expect((await resident.get(`/concierge/statements/${other.id}`)).status).toBe(404);
    expect((await resident.get(`/concierge/desk/statements/${other.id}`)).status).toBe(403);
    expect((await resident.get(`/concierge/desk/statements-export.csv?period=${period(1)}`)).status).toBe(403);
  });
});
