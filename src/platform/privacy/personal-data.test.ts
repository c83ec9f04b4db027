import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { asDemo } from '../../../test/security/helpers.js';
import { withTenant } from '../db/tenant.js';

/**
 * "My data" across modules. Two residents share a household (the demo's two garden stewards: A and B);
 * the demo resident lives in another household. The test gives the stewards' household records in every
 * module (copies of demo rows, each carrying a marker), and three support cases: an ordinary one about the
 * household, a domestic-violence one about B with a confidential address, a sensitive one about the
 * household as a whole.
 */
let t: Awaited<ReturnType<typeof testApp>>;
const A = 'steward-arcenciel@demo.palier.fr';
const B = 'steward-jardins@demo.palier.fr';
const ids: Record<string, string> = {};

type Q = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Copies one row of `table` (the first matching `where`) with new values: a record of the test's household. */
async function copyRow(q: Q, table: string, where: string, overrides: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  // Generated columns (space_bookings.held_until) are computed by PostgreSQL, never copied.
  const columns = (await q("select string_agg(quote_ident(column_name), ', ' order by ordinal_position) as list from information_schema.columns where table_schema = current_schema() and table_name = $1 and is_generated = 'NEVER'", [table])).rows[0].list as string;
  const r = await q(
    `insert into ${table} (${columns}) select ${columns} from (select (jsonb_populate_record(null::${table}, to_jsonb(x) || $1::jsonb)).* from ${table} x where ${where} limit 1) p returning id::text`,
    [JSON.stringify({ id, ...overrides })],
  );
  expect(r.rows, `a demo row of ${table} to copy`).toHaveLength(1);
  return id;
}

async function exportOf(email: string) {
  const browser = t.client();
  const signedIn = await browser.signIn(email);
  expect(signedIn.status).toBe(303);
  const res = await browser.get('/account/data.json');
  expect(res.status).toBe(200);
  const data = await res.json();
  const section = (id: string) => data.organisations.flatMap((o: { sections: { id: string; rows: Record<string, unknown>[] }[] }) => o.sections.filter((s) => s.id === id).flatMap((s) => s.rows));
  return { data, text: JSON.stringify(data), section, browser };
}

beforeAll(async () => {
  t = await testApp();
  const q: Q = (text, values) => t.database.owner.query(text, values as never[]);
  const who = await q(
    `select u.email, u.id::text as user_id, m.household_id::text, m.organisation_id::text from users u join memberships m on m.user_id = u.id and m.role = 'resident' where u.email in ($1, $2, $3)`,
    [A, B, demo('resident')],
  );
  for (const r of who.rows) ids[r.email as string] = r.user_id as string;
  const a = who.rows.find((r) => r.email === A);
  const b = who.rows.find((r) => r.email === B);
  const other = who.rows.find((r) => r.email === demo('resident'));
  if (!a || !b || !other) throw new Error('demo accounts missing');
  expect(a.household_id).toBe(b.household_id);
  expect(other.household_id).not.toBe(a.household_id);
  const org = a.organisation_id as string;
  const household = a.household_id as string;
  ids.household = household;
  ids.org = org;

  // Spaces: a booking in 2031, copied from one of the landlord's (which households the demo books for depends on
  // the day the seed runs, so not necessarily the demo resident's).
  await copyRow(q, 'space_bookings', `organisation_id = '${org}' and guest_org_id is null and household_id <> '${household}'`, {
    household_id: household,
    booked_by: ids[A],
    during: '["2031-03-04 09:00:00+00","2031-03-04 10:00:00+00")',
    held: '["2031-03-04 09:00:00+00","2031-03-04 10:00:00+00")',
    series_id: null,
    status: 'confirmed',
    decision_reason: 'MARK-BOOKING',
    idempotency_key: `mark-${randomUUID()}`,
  });
  // The demo resident's own booking, whatever day the seed ran (their export must show one).
  await copyRow(q, 'space_bookings', `organisation_id = '${org}' and guest_org_id is null`, {
    household_id: other.household_id,
    booked_by: null,
    during: '["2031-03-05 09:00:00+00","2031-03-05 10:00:00+00")',
    held: '["2031-03-05 09:00:00+00","2031-03-05 10:00:00+00")',
    series_id: null,
    status: 'confirmed',
    decision_reason: null,
    idempotency_key: null,
  });


  // Concierge: a subscription, a request, a parcel, a statement and its payment.
  const subscription = await copyRow(q, 'concierge_subscriptions', 'true', {
    household_id: household,
    household_name: 'MARK-SUBSCRIPTION',
    status: 'cancelled',
    ends_on: '2099-06-30',
    idempotency_key: `mark-${randomUUID()}`,
  });
  await copyRow(q, 'concierge_requests', 'true', { household_id: household, subscription_id: subscription, notes: 'MARK-REQUEST', idempotency_key: `mark-${randomUUID()}` });
  await copyRow(q, 'concierge_parcels', 'true', { household_id: household, subscription_id: subscription, carrier: 'MARK-PARCEL', pickup_code: '918273' });
  const statement = await copyRow(q, 'concierge_statements', `party = 'household' and kind = 'statement'`, {
    household_id: household,
    subscription_id: subscription,
    number: 987654,
    period: '2031-01',
    kind: 'statement',
    corrects_id: null,
    idempotency_key: `mark-${randomUUID()}`,
  });
  await copyRow(q, 'concierge_payments', `statement_id is not null and kind = 'payment'`, {
    statement_id: statement,
    amount_cents: 4321,
    receipt_id: null,
    idempotency_key: `mark-${randomUUID()}`,
  });

  // Community: A's registration, proposal and comment.
  const event = await q(`select id::text from community_events where organisation_id = $1 limit 1`, [org]);
  await copyRow(q, 'community_registrations', 'true', {
    organisation_id: org,
    event_id: event.rows[0].id,
    household_id: household,
    user_id: ids[A],
    guest_name: null,
    guest_contact: null,
    status: 'confirmed',
    cancelled_at: null,
    cancel_token_hash: null,
  });
  const proposal = await copyRow(q, 'community_proposals', `organisation_id = '${org}'`, { author_user_id: ids[A], author_household_id: household, title: 'MARK-PROPOSAL', hidden_at: null, hidden_reason: null, hidden_by: null });
  await q(`insert into community_comments (organisation_id, proposal_id, author_user_id, body) values ($1, $2, $3, 'MARK-COMMENT')`, [org, proposal, ids[A]]);

  // Support: an ordinary case of the household, B's domestic-violence case (confidential address), a sensitive household case.
  const programme = async (name: string, kind: string, sensitivity: string) => {
    const id = randomUUID();
    await q(
      `insert into support_programmes (id, organisation_id, kind, name, sensitivity, manager_user_id, steps) values ($1, $2, $3, $4, $5, (select id from users where email = $6), '[{"key":"safety_plan","label":"Plan de mise en sécurité","dueDays":7}]')`,
      [id, org, kind, name, sensitivity, demo('programme_manager')],
    );
    return id;
  };
  const ordinary = await programme('Accueil (test export)', 'onboarding', 'normal');
  const violence = await programme('Violences (test export)', 'domestic_violence', 'highly_sensitive');
  const health = await programme('Santé mentale (test export)', 'mental_health', 'sensitive');
  const kase = async (ref: string, prog: string, person: string | null, confidential: boolean) => {
    const id = randomUUID();
    await q(
      `insert into support_cases (id, organisation_id, programme_id, household_id, reference, person_user_id, confidential_address, situation) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, org, prog, household, ref, person, confidential, `MARK-SITUATION-${ref}`],
    );
    return id;
  };
  ids.ordinaryCase = await kase('EXP-ORD', ordinary, null, false);
  ids.violenceCase = await kase('EXP-VIO', violence, ids[B], true);
  ids.healthCase = await kase('EXP-SAN', health, null, false);
  await q(`insert into support_case_steps (organisation_id, case_id, key, due_on) values ($1, $2, 'safety_plan', '2031-01-10')`, [org, ids.violenceCase]);
  await q(`insert into support_case_documents (id, organisation_id, case_id, file_name, media_type, size_bytes, storage_key) values ($1, $2, $3, 'MARK-DOC.pdf', 'application/pdf', 10, $4)`, [randomUUID(), org, ids.violenceCase, `k-${randomUUID()}`]);
  await q(`insert into support_case_notes (organisation_id, case_id, body) values ($1, $2, 'MARK-NOTE the partner lives at 3 rue X')`, [org, ids.violenceCase]);
});

describe('my data across modules', () => {
  it('gives a resident their household’s records in every module, and the cases they may read', async () => {
    const { data, text, section } = await exportOf(A);
    expect(data.account.email).toBe(A);
    expect(section('spaces.bookings')).toContainEqual(expect.objectContaining({ reason: 'MARK-BOOKING', from: '2031-03-04T09:00:00.000Z' }));
    expect(section('concierge.subscriptions')).toContainEqual(expect.objectContaining({ name: 'MARK-SUBSCRIPTION' }));
    expect(section('concierge.requests')).toContainEqual(expect.objectContaining({ notes: 'MARK-REQUEST' }));
    expect(section('concierge.parcels')).toContainEqual(expect.objectContaining({ carrier: 'MARK-PARCEL' }));
    expect(section('concierge.statements')).toContainEqual(expect.objectContaining({ number: 987654, period: '2031-01' }));
    expect(section('concierge.payments')).toContainEqual(expect.objectContaining({ statement: 987654, amountCents: 4321 }));
    expect(section('community.registrations').length).toBeGreaterThan(0);
    expect(section('community.proposals')).toContainEqual(expect.objectContaining({ title: 'MARK-PROPOSAL' }));
    expect(section('community.comments')).toContainEqual(expect.objectContaining({ body: 'MARK-COMMENT' }));
    expect(section('support.cases').map((c: { reference: string }) => c.reference)).toEqual(['EXP-ORD']);
    expect(section('support.cases')[0]).toMatchObject({ about: 'household', situation: 'MARK-SITUATION-EXP-ORD', freeText: 'given' });
    // Never the pickup code, never a staff member's notes.
    expect(text).not.toContain('918273');
    expect(text).not.toContain('MARK-NOTE');
  });

  it('never gives a household member’s sensitive case, nor the address and members of a protected household', async () => {
    const { data, text, section } = await exportOf(A);
    expect(text).not.toContain('EXP-VIO');
    expect(text).not.toContain('EXP-SAN');
    expect(text).not.toContain('MARK-SITUATION-EXP-VIO');
    expect(text).not.toContain('MARK-DOC');
    expect(text).not.toContain('Plan de mise en sécurité');
    // B's case has a confidential address and is not about A: the household's address and members are withheld.
    expect(data.organisations[0].withheld_household).toBe(true);
    expect(section('directory.household')).toEqual([expect.objectContaining({ email: null, phone: null })]);
    expect(section('directory.dwellings')).toEqual([]);
    expect(section('directory.members')).toEqual([]);
  });

  it('gives the person their own sensitive case without its free text or the advisers’ notes, and the other members by name only', async () => {
    const { data, text, section } = await exportOf(B);
    const cases = section('support.cases');
    expect(cases.map((c: { reference: string }) => c.reference).sort()).toEqual(['EXP-ORD', 'EXP-VIO']);
    expect(cases.find((c: { reference: string }) => c.reference === 'EXP-VIO')).toMatchObject({ about: 'person', situation: null, freeText: 'withheld' });
    expect(section('support.steps')).toContainEqual(expect.objectContaining({ reference: 'EXP-VIO', step: 'Plan de mise en sécurité', dueOn: '2031-01-10' }));
    expect(section('support.documents')).toContainEqual(expect.objectContaining({ reference: 'EXP-VIO', fileName: 'MARK-DOC.pdf' }));
    expect(text).not.toContain('MARK-SITUATION-EXP-VIO');
    expect(text).not.toContain('MARK-NOTE');
    expect(text).not.toContain('EXP-SAN');
    // The case protects B: B keeps the household's address; A appears by name, nothing else of A.
    expect(data.organisations[0].withheld_household).toBe(false);
    expect(section('directory.dwellings').length).toBeGreaterThan(0);
    const members = section('directory.members');
    expect(members).toHaveLength(1);
    expect(Object.keys(members[0])).toEqual(['name']);
    // A's own contributions (proposal, comment) are A's, not B's.
    expect(text).not.toContain('MARK-PROPOSAL');
    expect(text).not.toContain('MARK-COMMENT');
  });

  it('never gives another household’s records', async () => {
    const { text, section } = await exportOf(demo('resident'));
    for (const mark of ['MARK-BOOKING', 'MARK-SUBSCRIPTION', 'MARK-REQUEST', 'MARK-PARCEL', 'MARK-PROPOSAL', 'MARK-COMMENT', 'EXP-ORD', 'EXP-VIO', 'EXP-SAN', 'MARK-DOC', '987654']) {
      expect(text).not.toContain(mark);
    }
    expect(section('spaces.bookings').length).toBeGreaterThan(0);
  });

  it('lets row-level security, not only the code, decide which cases a resident reads', async () => {
    const read = (user: string) =>
      withTenant(t.database.db, { orgId: ids.org, userId: user }, (tx) => tx.selectFrom('support_cases').select('reference').where('household_id', '=', ids.household).orderBy('reference').execute());
    expect((await read(ids[A])).map((r) => r.reference)).toEqual(['EXP-ORD']);
    expect((await read(ids[B])).map((r) => r.reference)).toEqual(['EXP-ORD', 'EXP-VIO']);
    expect(await read(ids[demo('resident')])).toEqual([]);
    // Read only: the person the case is about cannot change it.
    await withTenant(t.database.db, { orgId: ids.org, userId: ids[B] }, async (tx) => {
      const r = await tx.updateTable('support_cases').set({ situation: 'changed' }).where('id', '=', ids.violenceCase).executeTakeFirst();
      expect(Number(r.numUpdatedRows)).toBe(0);
    });
  });

  it('shows the same, readably and without JavaScript, on the "Mes données" page, and records the reading', async () => {
    const { browser } = await exportOf(B);
    const res = await browser.get('/account/data');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Mes données');
    expect(html).toContain('Accompagnements sociaux');
    expect(html).toContain('EXP-VIO');
    expect(html).toContain('non communiqué ici (programme sensible)');
    expect(html).toContain('href="/account/data.json"');
    expect(html).not.toContain('MARK-NOTE');
    expect(html).not.toContain('<script');
    const trail = await t.database.owner.query("select count(*)::int as n from audit_events where action = 'privacy.my_data_viewed' and target_id = $1", [ids[B]]);
    expect(trail.rows[0].n).toBe(1);
  });

  it('lets the programme’s manager say whom a case is about, a resident of the household only; that decides who gets it', async () => {
    const manager = await asDemo(t, 'programme_manager');
    const page = await manager.get(`/support/cases/${ids.healthCase}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Personne concernée');
    // Another household's resident: refused, field by field, nothing changed.
    const wrong = await manager.post(`/support/cases/${ids.healthCase}/person`, { personUserId: ids[demo('resident')] });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Choisissez une personne du foyer qui a un compte.');
    expect((await exportOf(A)).text).not.toContain('EXP-SAN');
    const named = await manager.post(`/support/cases/${ids.healthCase}/person`, { personUserId: ids[A] });
    expect(named.status).toBe(303);
    expect((await exportOf(A)).text).toContain('EXP-SAN');
    expect((await exportOf(B)).text).not.toContain('EXP-SAN');
    const trail = await t.database.owner.query("select details from audit_events where action = 'support.case.person' and target_id = $1", [ids.healthCase]);
    expect(trail.rows).toEqual([{ details: { person: 'named' } }]);
    // Back to the household as a whole: a sensitive programme's household case reaches nobody.
    expect((await manager.post(`/support/cases/${ids.healthCase}/person`, { personUserId: '' })).status).toBe(303);
    expect((await exportOf(A)).text).not.toContain('EXP-SAN');
    // A resident cannot do it.
    const resident = t.client();
    await resident.signIn(A);
    expect((await resident.post(`/support/cases/${ids.healthCase}/person`, { personUserId: ids[A] })).status).toBe(403);
  });

  it('gives the organisation’s officer the same sections for an access request (the person’s view, not the officer’s)', async () => {
    const dpo = await asDemo(t, 'org_admin');
    const created = await dpo.post('/admin/privacy/requests', { subjectName: 'Personne B', subjectEmail: B, kind: 'access', receivedOn: '2026-12-01', details: '' });
    expect(created.status).toBe(303);
    const id = /requests\/([0-9a-f-]{36})/.exec(created.headers.get('location') ?? '')?.[1];
    const res = await dpo.get(`/admin/privacy/requests/${id}/export.json`);
    expect(res.status).toBe(200);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('EXP-VIO');
    expect(text).toContain('MARK-DOC.pdf');
    expect(text).not.toContain('MARK-NOTE');
    expect(text).not.toContain('MARK-SITUATION-EXP-VIO');
    expect(text).not.toContain('MARK-PROPOSAL');
  });
});
