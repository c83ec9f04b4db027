import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { issueStatements } from './commands/issue-statements.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let pressing: Client;
let actor: Actor;
const org: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const numbers = async () => (await q('select number from concierge_payout_statements order by number')).map((r) => r.number as number);

beforeAll(async () => {
  t = await testApp();
  for (const r of await q('select id, slug from organisations')) org[r.slug] = r.id;
  staff = t.client();
  pressing = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await pressing.signIn('prestataire@demo.palier.fr')).status).toBe(303);
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('partner_staff')]);
  actor = { kind: 'user', userId: u.id, displayName: 'Nadia Ferreira', locale: 'fr', orgId: u.organisation_id, roles: ['partner_staff'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
});

describe('payout statements to providers', () => {
  it('the demo month’s run issued one per provider with completed work: lines at the frozen price, totals that add up, numbers without gaps', async () => {
    const payouts = await q('select * from concierge_payout_statements order by number');
    expect(payouts.length).toBeGreaterThan(1);
    expect(payouts.map((p) => p.number)).toEqual(payouts.map((_, i) => i + 1));
    for (const p of payouts) {
      const lines = await q(
        `select l.*, r.unit_cost_cents, r.quantity as r_quantity, r.provider_id from concierge_payout_lines l join concierge_requests r on r.id = l.request_id where l.payout_id = $1`,
        [p.id],
      );
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.provider_id).toBe(p.provider_id);
        expect(l.unit_cents).toBe(l.unit_cost_cents);
        expect(l.net_cents).toBe(l.unit_cost_cents * l.r_quantity);
        expect(l.gross_cents).toBe(l.net_cents + l.vat_cents);
      }
      expect(lines.reduce((s, l) => s + l.gross_cents, 0)).toBe(p.gross_cents);
      expect(lines.reduce((s, l) => s + l.vat_cents, 0)).toBe(p.vat_cents);
    }
    // A second run of the same month issues nothing new.
    const before = await numbers();
    expect((await staff.post('/concierge/desk/statements/run', { period: payouts[0].period })).status).toBe(303);
    expect(await numbers()).toEqual(before);
  });

  it('concurrent runs of a new month issue each provider’s statement once, numbered without gaps; later price changes alter nothing', async () => {
    const period = todayInParis().slice(0, 7);
    // A dispatched request (price frozen) is completed today, then the catalogue price changes.
    const [r] = await q(
      "select r.id, r.provider_id, r.catalogue_id, r.unit_cost_cents, r.quantity from concierge_requests r where r.status in ('dispatched', 'accepted') and r.unit_cost_cents is not null order by r.created_at limit 1",
    );
    expect(r).toBeDefined();
    await q("update concierge_requests set status = 'done', completed_at = now() where id = $1", [r.id]);
    await q('update concierge_catalogue set unit_cost_cents = unit_cost_cents + 999 where id = $1', [r.catalogue_id]);
    const before = await numbers();
    const runs = await Promise.all([1, 2, 3].map(() => issueStatements(t.database.db, actor, period)));
    // One run issues them all, the others nothing (they wait on the counter lock, then find them issued).
    const issued = runs.map((x) => x.payouts).sort();
    expect(issued[0]).toBe(0);
    expect(issued[1]).toBe(0);
    expect(issued[2]).toBeGreaterThan(0);
    const after = await numbers();
    expect(after).toEqual([...before, ...Array.from({ length: issued[2] }, (_, i) => before.length + i + 1)]);
    const [{ n }] = await q('select count(*)::int as n from concierge_payout_statements where period = $1', [period]);
    expect(n).toBe(issued[2]);
    const [line] = await q('select l.unit_cents, l.net_cents, s.period, s.provider_id from concierge_payout_lines l join concierge_payout_statements s on s.id = l.payout_id where l.request_id = $1', [r.id]);
    expect(line).toMatchObject({ unit_cents: r.unit_cost_cents, net_cents: r.unit_cost_cents * r.quantity, period, provider_id: r.provider_id });
    // Immutable for the application.
    await expect(withTenant(t.database.db, { orgId: org['conciergerie-solidaire-51'] }, (tx) => tx.updateTable('concierge_payout_statements').set({ gross_cents: 0, net_cents: 0, vat_cents: 0 }).execute())).rejects.toThrow(/permission denied/);
    await expect(withTenant(t.database.db, { orgId: org['conciergerie-solidaire-51'] }, (tx) => tx.deleteFrom('concierge_payout_lines').execute())).rejects.toThrow(/permission denied/);
  });

  it('staff list and read them with a PDF (audited); a provider reads only its own; landlords and others see none', async () => {
    const list = await (await staff.get('/concierge/desk/payouts')).text();
    const all = await q('select s.id, s.number, p.name from concierge_payout_statements s join concierge_providers p on p.id = s.provider_id order by s.number');
    for (const p of all) expect(list).toContain(`/concierge/desk/payouts/${p.id}`);
    const mine = all.filter((p) => p.name === 'Pressing Solidaire Rémois');
    const theirs = all.filter((p) => p.name !== 'Pressing Solidaire Rémois');
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    const page = await (await staff.get(`/concierge/desk/payouts/${mine[0].id}`)).text();
    expect(page).toContain(`Relevé de reversement n° ${mine[0].number}`);
    const pdf = await staff.get(`/concierge/desk/payouts/${mine[0].id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await q("select count(*)::int as n from audit_events where action = 'concierge.payout_statement.pdf' and target_id = $1", [mine[0].id]))[0].n).toBe(1);
    // The provider's own account.
    const own = await (await pressing.get('/concierge/provider/payouts')).text();
    for (const p of mine) expect(own).toContain(`/concierge/provider/payouts/${p.id}`);
    for (const p of theirs) expect(own).not.toContain(p.id);
    expect((await pressing.get(`/concierge/provider/payouts/${mine[0].id}`)).status).toBe(200);
    expect((await pressing.get(`/concierge/provider/payouts/${mine[0].id}/pdf`)).status).toBe(200);
    expect((await pressing.get(`/concierge/provider/payouts/${theirs[0].id}`)).status).toBe(404);
    expect((await pressing.get(`/concierge/provider/payouts/${theirs[0].id}/pdf`)).status).toBe(404);
    expect((await pressing.get(`/concierge/desk/payouts/${mine[0].id}`)).status).toBe(404);
    for (const other of ['plurial-novilia', 'logirem', 'vie2b']) {
      const seen = await withTenant(t.database.db, { orgId: org[other] }, async (tx) => (await tx.selectFrom('concierge_payout_statements').select('id').execute()).length);
      expect(seen, other).toBe(0);
    }
  });
});
