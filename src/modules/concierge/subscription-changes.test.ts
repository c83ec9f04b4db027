import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { issueStatements } from './commands/issue-statements.js';
import { monthEnd, nextMonthStart } from './domain/subscription-periods.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let resident: Client;
let staff: Client;
const ids: Record<string, string> = {};
const today = todayInParis();
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const events = async (sub: string) => (await q('select event, effective_on::text as on, by_side from concierge_subscription_events where subscription_id = $1 order by id', [sub])).map((e) => `${e.event}@${e.on}/${e.by_side}`);

beforeAll(async () => {
  t = await testApp();
  resident = t.client();
  staff = t.client();
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
  const [sub] = await q("select id from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001'");
  ids.sub = sub.id;
  const [other] = await q("select id, dwelling_reference from concierge_subscriptions where dwelling_reference <> 'PN-REMAVERT-ARC-001' order by dwelling_reference limit 1");
  ids.other = other.id;
  ids.otherRef = other.dwelling_reference;
});

describe('a resident pauses, resumes and cancels, each at a month boundary, with the history kept', () => {
  it('shows the subscription and its history from the subscription on', async () => {
    const page = await (await resident.get('/concierge')).text();
    expect(page).toContain('Abonnement en cours.');
    expect(await events(ids.sub)).toEqual([`subscribe@${today.slice(0, 7)}-01/resident`]);
  });

  it('pauses from the first of next month, once; withdraws the planned pause', async () => {
    const res = await resident.post('/concierge/subscription/pause', {});
    expect(res.headers.get('location')).toBe('/concierge?done=sub.pause');
    const [pause] = await q('select starts_on::text as s, ends_on from concierge_subscription_pauses where subscription_id = $1', [ids.sub]);
    expect(pause).toEqual({ s: nextMonthStart(today), ends_on: null });
    expect(await (await resident.get('/concierge')).text()).toContain('En pause à partir du');
    const again = await resident.post('/concierge/subscription/pause', {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Une pause est déjà en cours ou prévue.');
    expect((await resident.post('/concierge/subscription/resume', {})).headers.get('location')).toBe('/concierge?done=sub.withdraw_pause');
    const [after] = await q('select withdrawn_at is not null as withdrawn from concierge_subscription_pauses where subscription_id = $1', [ids.sub]);
    expect(after.withdrawn).toBe(true);
    expect((await resident.post('/concierge/subscription/resume', {})).status).toBe(409);
  });

  it('while a pause is in force no order is taken; resuming ends the pause with this month', async () => {
    const [sub] = await q('select organisation_id, landlord_id, created_by from concierge_subscriptions where id = $1', [ids.sub]);
    await q('insert into concierge_subscription_pauses (organisation_id, landlord_id, subscription_id, starts_on, created_by) values ($1, $2, $3, $4, $5)', [sub.organisation_id, sub.landlord_id, ids.sub, `${today.slice(0, 7)}-01`, sub.created_by]);
    const [service] = await q("select id from concierge_catalogue where code = 'repassage'");
    const order = await resident.post(`/concierge/services/${service.id}`, { quantity: '1', wantedOn: nextMonthStart(today), notes: '', idempotencyKey: randomUUID() });
    expect(order.status).toBe(409);
    expect(await order.text()).toContain('Votre abonnement est en pause');
    expect(await (await resident.get('/concierge')).text()).not.toContain('href="/concierge/services"');
    expect((await resident.post('/concierge/subscription/resume', {})).headers.get('location')).toBe('/concierge?done=sub.resume');
    const [open] = await q('select ends_on::text as e from concierge_subscription_pauses where subscription_id = $1 and withdrawn_at is null', [ids.sub]);
    expect(open.e).toBe(monthEnd(today));
  });

  it('cancels only at the end of this month or one of the next three, with the field’s error on its form', async () => {
    for (const endsOn of ['', '2020-01-31', `${today.slice(0, 7)}-15`, monthEnd(today, 4)]) {
      const res = await resident.post('/concierge/subscription/cancel', { endsOn });
      expect(res.status, endsOn).toBe(422);
      const html = await res.text();
      expect(html).toContain('Choisissez la fin de ce mois-ci ou de l’un des trois suivants.');
      expect(html).toContain('aria-describedby="f-endsOn-hint f-endsOn-error"');
    }
    expect((await resident.post('/concierge/subscription/cancel', { endsOn: monthEnd(today, 1) })).headers.get('location')).toBe('/concierge?done=sub.cancel');
    const [sub] = await q('select status, ends_on::text as e from concierge_subscriptions where id = $1', [ids.sub]);
    expect(sub).toEqual({ status: 'cancelled', e: monthEnd(today, 1) });
    expect((await resident.post('/concierge/subscription/cancel', { endsOn: monthEnd(today, 1) })).status).toBe(409);
    expect((await resident.post('/concierge/subscription/pause', {})).status).toBe(409);
    expect(await (await resident.get('/concierge')).text()).toContain('Résilié : l’abonnement prend fin le');
    expect(await events(ids.sub)).toEqual([
      `subscribe@${today.slice(0, 7)}-01/resident`,
      `pause@${nextMonthStart(today)}/resident`,
      `withdraw_pause@${nextMonthStart(today)}/resident`,
      `resume@${nextMonthStart(today)}/resident`,
      `cancel@${monthEnd(today, 1)}/resident`,
    ]);
    const audits = await q("select action from audit_events where target_id = $1 and action like 'concierge.subscription.%' order by id", [ids.sub]);
    expect(audits.map((a) => a.action)).toEqual(['concierge.subscription.created', 'concierge.subscription.pause', 'concierge.subscription.withdraw_pause', 'concierge.subscription.resume', 'concierge.subscription.cancel']);
  });

  it('subscribing again before the end starts the new subscription the month after: never two fees in a month', async () => {
    const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
    // The old one is cancelled, so the household may subscribe again; it starts when the old one ends.
    expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
    const subs = await q("select starts_on::text as s, ends_on::text as e from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001' order by created_at");
    expect(subs).toEqual([
      { s: `${today.slice(0, 7)}-01`, e: monthEnd(today, 1) },
      { s: nextMonthStart(monthEnd(today, 1)), e: null },
    ]);
  });
});

describe('the concierge changes a subscription at the counter; a paused month carries no fee', () => {
  it('pauses a subscriber from the counter card, and the history says the concierge did it', async () => {
    const card = await (await staff.get(`/concierge/desk/counter/${ids.other}`)).text();
    expect(card).toContain(`/concierge/desk/counter/${ids.other}/subscription/pause`);
    expect((await staff.post(`/concierge/desk/counter/${ids.other}/subscription/pause`, {})).headers.get('location')).toBe(`/concierge/desk/counter/${ids.other}?done=sub.pause`);
    expect((await events(ids.other)).at(-1)).toBe(`pause@${nextMonthStart(today)}/concierge`);
    const bad = await staff.post(`/concierge/desk/counter/${ids.other}/subscription/cancel`, { endsOn: 'demain' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-endsOn"');
  });

  it('next month’s run bills no fee to the paused household nor its landlord’s share', async () => {
    const period = nextMonthStart(today).slice(0, 7);
    // Staff cannot bill a month not begun (the page says so at the field); the run at its end bills it.
    const early = await staff.post('/concierge/desk/statements/run', { period });
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('Ce mois n’a pas encore commencé');
    expect(await q('select id from concierge_statements where period = $1', [period])).toEqual([]);
    const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('partner_staff')]);
    const actor: Actor = { kind: 'user', userId: u.id, displayName: 'Nadia Ferreira', locale: 'fr', orgId: u.organisation_id, roles: ['partner_staff'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
    expect((await issueStatements(t.database.db, actor, period)).issued).toBeGreaterThan(0);
    const household = await q("select id from concierge_statements where subscription_id = $1 and period = $2", [ids.other, period]);
    expect(household).toEqual([]);
    const lines = (await q("select l.label from concierge_statement_lines l join concierge_statements s on s.id = l.statement_id where s.party = 'landlord' and s.period = $1", [period])).map((l) => l.label);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.some((l) => l.startsWith(ids.otherRef))).toBe(false);
  });

  it('others cannot change a subscription: a landlord’s staff without a desk, a resident without one', async () => {
    const landlordConcierge = t.client();
    await landlordConcierge.signIn(demo('concierge'));
    expect((await landlordConcierge.post(`/concierge/desk/counter/${ids.other}/subscription/cancel`, { endsOn: monthEnd(today) })).status).toBe(404);
    const admin = t.client();
    await admin.signIn(demo('org_admin'));
    expect((await admin.post('/concierge/subscription/pause', {})).status).toBe(403);
    expect((await staff.post(`/concierge/desk/counter/${randomUUID()}/subscription/pause`, {})).status).toBe(404);
  });
});
