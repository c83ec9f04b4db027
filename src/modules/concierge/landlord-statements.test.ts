import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let landlord: Client;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ');
const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;

beforeAll(async () => {
  t = await testApp();
  landlord = t.client();
  expect((await landlord.signIn(demo('concierge'))).status).toBe(303);
});

describe('the landlord’s own concierge statements', () => {
  it('landlord staff list the statements billed to their landlord with what is left to pay, and read each with its PDF (audited)', async () => {
    const [me] = await q('select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1', [demo('concierge')]);
    const own = await q("select id, number, gross_cents from concierge_statements where party = 'landlord' and landlord_id = $1 and kind = 'statement' order by number", [me.organisation_id]);
    expect(own.length).toBeGreaterThan(0);
    const res = await landlord.get('/concierge/landlord/statements');
    expect(res.status).toBe(200);
    const page = plain(await res.text());
    for (const s of own) expect(page).toContain(`/concierge/landlord/statements/${s.id}"`);
    const [{ due }] = await q(
      `select coalesce(sum(st.gross_cents + coalesce((select sum(c.gross_cents) from concierge_statements c where c.corrects_id = st.id), 0)
         - coalesce((select sum(p.amount_cents) from concierge_payments p where p.statement_id = st.id), 0)), 0)::int as due
       from concierge_statements st where st.party = 'landlord' and st.landlord_id = $1 and st.kind = 'statement'`,
      [me.organisation_id],
    );
    expect(page).toContain(`Reste dû au total : ${euros(due)}`);
    // Its tenants' own statements are not listed here.
    const [household] = await q("select id from concierge_statements where party = 'household' and landlord_id = $1 limit 1", [me.organisation_id]);
    expect(page).not.toContain(household.id);
    expect((await landlord.get(`/concierge/landlord/statements/${household.id}`)).status).toBe(404);
    expect((await landlord.get(`/concierge/landlord/statements/${household.id}/pdf`)).status).toBe(404);
    const detail = plain(await (await landlord.get(`/concierge/landlord/statements/${own[0].id}`)).text());
    expect(detail).toContain('part bailleur');
    const pdf = await landlord.get(`/concierge/landlord/statements/${own[0].id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await q("select count(*)::int as n from audit_events where action = 'concierge.statement.pdf' and target_id = $1", [own[0].id]))[0].n).toBe(1);
  });

  it('another landlord’s statements are a 404; residents and the association’s staff may not open the page', async () => {
    const [me] = await q('select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1', [demo('concierge')]);
    const [other] = await q("select id from concierge_statements where party = 'landlord' and landlord_id <> $1 limit 1", [me.organisation_id]);
    if (other) expect((await landlord.get(`/concierge/landlord/statements/${other.id}`)).status).toBe(404);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get('/concierge/landlord/statements')).status).toBe(403);
    const staff = t.client();
    await staff.signIn(demo('partner_staff'));
    expect((await staff.get('/concierge/landlord/statements')).status).toBe(403);
  });
});
