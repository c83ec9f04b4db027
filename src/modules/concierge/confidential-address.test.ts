import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { householdCardForPartner } from '../directory/index.js';
import { setConfidentialAddress } from '../support/commands/address.js';
import { openCase } from '../support/commands/open-case.js';
import { actorFor } from '../support/test-helpers.js';
import { subscribeAtCounter, subscribeOnline } from './commands/subscribe.js';

// A household whose address a support case marks confidential: the desk (another organisation, whose staff
// are never named on the landlord's case) gets the household card without the dwelling, at the counter and
// when the resident subscribes online (the resident may see their own address; the copy is the desk's).
let t: Awaited<ReturnType<typeof testApp>>;
const tag = randomUUID().slice(0, 6).toUpperCase();
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
let desk: { id: string; organisation_id: string; landlord_id: string; residence_id: string };
let planId: string;
let staff: Actor;
let counterClient: Client;
let adviser: Actor;
let programmeId: string;
const households: Record<'online' | 'counter' | 'open' | 'markedLater' | 'openedLater' | 'ended' | 'endedPlain', { id: string; ref: string; name: string; dwelling: string; resident?: string }> = {} as never;

beforeAll(async () => {
  t = await testApp();
  staff = await actorFor(t.database.db, demo('partner_staff'));
  [desk] = (await q(
    `select d.id, d.organisation_id, c.landlord_id, c.residence_id from concierge_desks d join concierge_coverage c on c.desk_id = d.id
     where d.organisation_id = $1 order by c.residence_id limit 1`,
    [staff.orgId],
  )) as (typeof desk)[];
  [{ id: planId }] = await q('select id from concierge_plans where desk_id = $1 and active order by name_fr limit 1', [desk.id]);
  const org = desk.landlord_id;
  const user = async (email: string, role: string, householdId: string | null = null) => {
    const id = (await q('insert into users (email, display_name) values ($1, $1) returning id', [email]))[0].id as string;
    await q('insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, $3, $4)', [org, id, role, householdId]);
    return id;
  };
  for (const k of ['online', 'counter', 'open', 'markedLater', 'openedLater', 'ended', 'endedPlain'] as const) {
    const ref = `H-CONF-${tag}-${k}`.toUpperCase();
    const dwelling = `CONF-${tag}-${k}`.toUpperCase();
    const dwellingId = (await q('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 45000) returning id', [org, desk.residence_id, dwelling]))[0].id;
    const id = (await q(`insert into households (organisation_id, reference, name, channel) values ($1, $2, $3, 'paper') returning id`, [org, ref, `Ménage ${k} ${tag}`]))[0].id as string;
    await q(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-03-01')`, [org, id, dwellingId]);
    households[k] = { id, ref, name: `Ménage ${k} ${tag}`, dwelling };
  }
  households.online.resident = await user(`protegee-${tag}@example.org`, 'resident', households.online.id);
  await user(`programmes-${tag}@example.org`, 'programme_manager');
  await user(`conseillere-${tag}@example.org`, 'social_adviser');
  const manager = await actorFor(t.database.db, `programmes-${tag}@example.org`);
  adviser = await actorFor(t.database.db, `conseillere-${tag}@example.org`);
  programmeId = randomUUID();
  await q(`insert into support_programmes (id, organisation_id, kind, name, sensitivity, manager_user_id) values ($1, $2, 'domestic_violence', $3, 'highly_sensitive', $4)`, [
    programmeId,
    org,
    `Violences ${tag}`,
    manager.userId,
  ]);
  for (const [k, person] of [
    ['online', households.online.resident],
    ['counter', undefined],
  ] as const) {
    const opened = await openCase(t.database.db, adviser, { programmeId, householdId: households[k].id, situation: 'Mise à l’abri.', confidentialAddress: true, personUserId: person });
    if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
  }
  counterClient = t.client();
  expect((await counterClient.signIn(demo('partner_staff'))).status).toBe(303);
}, 180_000);

const subscription = async (householdId: string) => (await q('select id, dwelling_reference, residence_id from concierge_subscriptions where household_id = $1', [householdId]))[0];

describe('the concierge desk never receives a confidential address', () => {
  it('the counter look-up by reference gives the household without its dwelling; an ordinary household keeps it', async () => {
    const hidden = await householdCardForPartner(t.database.db, desk.organisation_id, desk.landlord_id, households.counter.ref.toLowerCase());
    expect(hidden).toMatchObject({ householdId: households.counter.id, name: households.counter.name, dwellingReference: '', residenceId: desk.residence_id });
    const open = await householdCardForPartner(t.database.db, desk.organisation_id, desk.landlord_id, households.open.ref);
    expect(open?.dwellingReference).toBe(households.open.dwelling);
  });

  it('subscribed at the counter: the subscription and the counter pages name the household, never its dwelling', async () => {
    for (const k of ['counter', 'open'] as const) {
      await subscribeAtCounter(t.database.db, staff, { planId, idempotencyKey: randomUUID(), landlordId: desk.landlord_id, householdReference: households[k].ref });
    }
    const hidden = await subscription(households.counter.id);
    expect(hidden.dwelling_reference).toBe('');
    expect(hidden.residence_id).toBe(desk.residence_id);
    expect((await subscription(households.open.id)).dwelling_reference).toBe(households.open.dwelling);

    const card = await counterClient.get(`/concierge/desk/counter/${hidden.id}`);
    expect(card.status).toBe(200);
    const html = await card.text();
    expect(html).toContain(households.counter.name);
    expect(html).not.toContain(households.counter.dwelling);
    expect(html).not.toContain(`${households.counter.name} ()`);
    // No marker either: it would tell the desk the household is protected.
    expect(html).not.toMatch(/confidenti/i);

    const search = await (await counterClient.get(`/concierge/desk/counter?q=${encodeURIComponent(tag)}`)).text();
    expect(search).toContain(households.counter.name);
    expect(search).toContain(`${households.open.name} (${households.open.dwelling})`);
    expect(search).not.toContain(households.counter.dwelling);
  }, 60_000);

  it('subscribed online by the resident the case is about (who may see their own address): the desk’s copy still has no dwelling', async () => {
    const resident = await actorFor(t.database.db, `protegee-${tag}@example.org`);
    await subscribeOnline(t.database.db, resident, { planId, idempotencyKey: randomUUID() });
    const sub = await subscription(households.online.id);
    expect(sub.dwelling_reference).toBe('');
    const html = await (await counterClient.get(`/concierge/desk/counter/${sub.id}`)).text();
    expect(html).toContain(households.online.name);
    expect(html).not.toContain(households.online.dwelling);
  }, 60_000);

  it('a household that subscribed before its address was marked: marking it (on the case, or at opening) makes the desk forget the dwelling', async () => {
    for (const k of ['markedLater', 'openedLater'] as const) {
      await subscribeAtCounter(t.database.db, staff, { planId, idempotencyKey: randomUUID(), landlordId: desk.landlord_id, householdReference: households[k].ref });
      expect((await subscription(households[k].id)).dwelling_reference).toBe(households[k].dwelling);
    }
    const plain = await openCase(t.database.db, adviser, { programmeId, householdId: households.markedLater.id, situation: 'Premier contact.', confidentialAddress: false });
    if (!plain.ok) throw new Error(`open: ${JSON.stringify(plain)}`);
    expect((await subscription(households.markedLater.id)).dwelling_reference).toBe(households.markedLater.dwelling);
    expect((await setConfidentialAddress(t.database.db, adviser, plain.caseId, true)).ok).toBe(true);
    const marked = await subscription(households.markedLater.id);
    expect(marked.dwelling_reference).toBe('');
    expect(await (await counterClient.get(`/concierge/desk/counter/${marked.id}`)).text()).not.toContain(households.markedLater.dwelling);

    const opened = await openCase(t.database.db, adviser, { programmeId, householdId: households.openedLater.id, situation: 'Mise à l’abri.', confidentialAddress: true });
    if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
    expect((await subscription(households.openedLater.id)).dwelling_reference).toBe('');
    // The ordinary household's subscription is untouched.
    expect((await subscription(households.open.id)).dwelling_reference).toBe(households.open.dwelling);
  }, 60_000);

  it('a copy held under a partnership already ended forgets the dwelling too; nothing else is touched, and no other context can empty it', async () => {
    for (const k of ['ended', 'endedPlain'] as const) {
      await subscribeAtCounter(t.database.db, staff, { planId, idempotencyKey: randomUUID(), landlordId: desk.landlord_id, householdReference: households[k].ref });
    }
    const [partnership] = await q('delete from partnerships where organisation_id = $1 and partner_id = $2 returning *', [desk.landlord_id, desk.organisation_id]);
    expect(partnership).toBeDefined();
    try {
      // The landlord's own context no longer reaches those rows (RLS): only the function does.
      const reached = await withTenant(t.database.db, { orgId: desk.landlord_id }, (tx) => tx.selectFrom('concierge_subscriptions').select('id').where('household_id', '=', households.ended.id).execute());
      expect(reached).toEqual([]);
      const opened = await openCase(t.database.db, adviser, { programmeId, householdId: households.ended.id, situation: 'Mise à l’abri.', confidentialAddress: true });
      if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
      const forgotten = await subscription(households.ended.id);
      expect(forgotten.dwelling_reference).toBe('');
      expect(forgotten.residence_id).toBe(desk.residence_id);
      expect((await subscription(households.endedPlain.id)).dwelling_reference).toBe(households.endedPlain.dwelling);
      // Another context (the desk's own, or no organisation) naming the landlord changes nothing.
      for (const orgId of [desk.organisation_id, null]) {
        const n = await withTenant(t.database.db, { orgId }, async (tx) => (await sql<{ n: number }>`select concierge_forget_dwelling(${desk.landlord_id}::uuid, ${households.endedPlain.id}::uuid) as n`.execute(tx)).rows[0].n);
        expect(n, String(orgId)).toBe(0);
      }
      expect((await subscription(households.endedPlain.id)).dwelling_reference).toBe(households.endedPlain.dwelling);
    } finally {
      await q('insert into partnerships (id, organisation_id, partner_id, description) values ($1, $2, $3, $4)', [partnership.id, partnership.organisation_id, partnership.partner_id, partnership.description]);
    }
  }, 60_000);
});
