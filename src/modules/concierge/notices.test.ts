import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { documentExpiryJob, parcelRemindersJob } from './jobs/reminders.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let resident: Client;
let staff: Client;
let provider: Client;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const log = pino({ level: 'silent' });
const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
// Routes also deliver in the background right after each change: wait until nothing is queued any more.
const mailsTo = async (email: string) => {
  for (let i = 0; i < 100; i++) {
    await deliverPendingNotifications(t.services);
    if ((await q("select count(*)::int as n from notifications where status = 'queued'"))[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return smtp.mails.filter((m) => m.to.includes(email));
};

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  resident = t.client();
  staff = t.client();
  provider = t.client();
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await provider.signIn('prestataire@demo.palier.fr')).status).toBe(303);
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
  const [sub] = await q("select id from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001'");
  ids.sub = sub.id;
  for (const r of await q("select code, id from concierge_catalogue where code = 'repassage'")) ids.repassage = r.id;
  for (const r of await q("select id from concierge_providers where name = 'Pressing Solidaire Rémois'")) ids.pressing = r.id;
});
afterAll(() => smtp.close());

describe('the resident hears of each step of a request by their own channel', () => {
  it('is told when the concierge dispatches, the provider accepts and completes, and the concierge hands over — never of the price', async () => {
    const order = await resident.post(`/concierge/services/${ids.repassage}`, { quantity: '2', wantedOn: tomorrow, notes: '', idempotencyKey: randomUUID() });
    const id = /requests\/([0-9a-f-]{36})/.exec(order.headers.get('location') ?? '')?.[1] as string;
    expect((await staff.post(`/concierge/desk/requests/${id}/dispatch`, { providerId: ids.pressing })).status).toBe(303);
    expect((await provider.post(`/concierge/provider/requests/${id}/accept`, {})).status).toBe(303);
    expect((await provider.post(`/concierge/provider/requests/${id}/complete`, {})).status).toBe(303);
    expect((await staff.post(`/concierge/desk/requests/${id}/hand_over`, {})).status).toBe(303);
    const mails = await mailsTo(demo('resident'));
    expect(mails.map((m) => m.subject)).toEqual([
      'Conciergerie — Repassage : Confiée à un prestataire',
      'Conciergerie — Repassage : Acceptée par le prestataire',
      'Conciergerie — Repassage : Prête',
      'Conciergerie — Repassage : Remise',
    ]);
    expect(mails[2].text).toContain('passez à la permanence');
    for (const m of mails) expect(m.text).not.toMatch(/€|Pressing/);
    // The provider's steps were announced by the association: no notice (nor recipient) sits in the provider's tenant.
    expect(await q("select n.id from notifications n join organisations o on o.id = n.organisation_id where o.kind = 'provider'")).toEqual([]);
    expect(await q('select id from concierge_requests where notice_pending is not null')).toEqual([]);
  });

  it('is not told of a cancellation they made themselves, but is told of one by the concierge, with its reason', async () => {
    const before = (await mailsTo(demo('resident'))).length;
    const mine = await resident.post(`/concierge/services/${ids.repassage}`, { quantity: '1', wantedOn: tomorrow, notes: '', idempotencyKey: randomUUID() });
    const a = /requests\/([0-9a-f-]{36})/.exec(mine.headers.get('location') ?? '')?.[1] as string;
    expect((await resident.post(`/concierge/requests/${a}/cancel`, { reason: 'Plus besoin' })).status).toBe(303);
    const theirs = await resident.post(`/concierge/services/${ids.repassage}`, { quantity: '1', wantedOn: tomorrow, notes: '', idempotencyKey: randomUUID() });
    const b = /requests\/([0-9a-f-]{36})/.exec(theirs.headers.get('location') ?? '')?.[1] as string;
    expect((await staff.post(`/concierge/desk/requests/${b}/cancel`, { reason: 'Prestataire fermé en août' })).status).toBe(303);
    const mails = (await mailsTo(demo('resident'))).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('Prestataire fermé en août');
  });

  it('a household subscribed at the counter without an account gets no mail (it is told at the counter)', async () => {
    const [other] = await q("select r.id from concierge_requests r join concierge_subscriptions s on s.id = r.subscription_id where s.contact_user_id is null and r.status = 'submitted' limit 1");
    expect((await staff.post(`/concierge/desk/requests/${other.id}/dispatch`, { providerId: ids.pressing })).status).toBe(303);
    expect(await q("select id from notifications where subject like '%Confiée%' and user_id is null")).toEqual([]);
  });
});

describe('parcels: notified at check-in with the code, reminded once after a week', () => {
  it('sends the pickup code when the parcel is checked in', async () => {
    const res = await staff.post(`/concierge/desk/counter/${ids.sub}/parcels`, { kind: 'parcel', size: 'small', carrier: 'Colissimo', shelf: 'C3' });
    const code = /code=(\d{6})/.exec(res.headers.get('location') ?? '')?.[1] as string;
    const mails = await mailsTo(demo('resident'));
    expect(mails.at(-1)?.subject).toBe('Conciergerie — Colis à retirer');
    expect(mails.at(-1)?.text).toContain(code);
  });

  it('the reminder job reminds parcels waiting over seven days, once, whatever the number of runs', async () => {
    const now = new Date(Date.now() + 8 * 86_400_000);
    const first = await parcelRemindersJob.run({ services: t.services, now, log });
    const waiting = await q("select count(*)::int as n from concierge_parcels where status = 'received'");
    expect(first.parcels).toBe(waiting[0].n);
    expect(first.notices).toBe(1);
    expect(await parcelRemindersJob.run({ services: t.services, now, log })).toEqual({ parcels: 0, notices: 0 });
    expect((await mailsTo(demo('resident'))).at(-1)?.subject).toBe('Conciergerie — Colis vous attend toujours');
  });
});

describe('providers’ documents close to expiry are announced to the concierge’s staff', () => {
  it('lists the documents expiring within 30 days to the staff, once', async () => {
    const now = new Date();
    const first = await documentExpiryJob.run({ services: t.services, now, log });
    expect(first.documents).toBe(1);
    expect(first.notices).toBeGreaterThan(0);
    expect(await documentExpiryJob.run({ services: t.services, now, log })).toEqual({ documents: 0, notices: 0 });
    const mail = (await mailsTo(demo('partner_staff'))).at(-1);
    expect(mail?.subject).toBe('Conciergerie — documents de prestataires à renouveler');
    expect(mail?.text).toContain('Épicerie du Quartier Réma’Vert : Convention');
  });
});
