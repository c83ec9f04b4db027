import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { startTestSmtp } from '../../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../../platform/notify/index.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

const RESIDENT = 'resident-sotteville@demo.palier.fr';
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let cowork: DemoSpace;
let resident: Client;
let facilitator: Client;
let others: string[];
const D = workingDayAhead(33);

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  resident = t.client();
  await resident.signIn(RESIDENT);
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
  const mine = (await t.database.owner.query('select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1', [RESIDENT])).rows[0].household_id;
  others = cowork.households.filter((h) => h !== mine);
});
afterAll(() => smtp.close());

const fields = (extra: Record<string, string> = {}) => ({ resourceId: cowork.resourceId, date: D, start: '14:00', minutes: '60', purpose: 'job_search', idempotencyKey: `k-${Math.random().toString(36).slice(2, 12)}`, ...extra });

describe('waiting for a full slot, then taking the place offered', () => {
  it('queues from the refusal, is offered the freed desk by e-mail with the calendar file, and accepts it', async () => {
    for (let i = 0; i < 6; i++) expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, fields({ householdId: others[i] }))).status).toBe(303);
    const full = await resident.post(`/spaces/${cowork.spaceId}/book`, fields());
    const html = await full.text();
    expect(full.status).toBe(409);
    expect(html).toContain('Me mettre sur la liste d’attente');
    const joined = await resident.post(`/spaces/${cowork.spaceId}/waitlist`, fields());
    expect([joined.status, joined.headers.get('location')]).toEqual([303, '/spaces/bookings?waiting=1']);
    const again = await resident.post(`/spaces/${cowork.spaceId}/waitlist`, fields());
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Vous êtes déjà sur la liste d’attente de ce créneau.');
    const mine = await (await resident.get('/spaces/bookings?waiting=1')).text();
    expect(mine).toContain('Mes listes d’attente');

    const freed = (await t.database.owner.query("select id from space_bookings where household_id = $1 and space_id = $2 and lower(during) > now() + interval '20 days'", [others[0], cowork.spaceId])).rows[0].id;
    const before = smtp.mails.length;
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${freed}/cancel?date=${D}`, {})).status).toBe(303);
    await deliverPendingNotifications(t.services);
    const mail = await smtp.waitFor(RESIDENT, before);
    expect(mail.subject).toBe('Une place s’est libérée : Coworking solidaire de Sotteville');
    expect(mail.text).toContain('la place vous est gardée jusqu’au');
    const ics = mail.attachments.find((a) => a.filename === 'reservation.ics');
    expect(ics).toBeDefined();
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics?.content ?? '')).getFirstSubcomponent('vevent') as ICAL.Component);
    const offer = (await t.database.owner.query("select b.id, lower(b.during) as s from space_bookings b join memberships m on m.household_id = b.household_id join users u on u.id = m.user_id where u.email = $1 and b.status = 'offered'", [RESIDENT])).rows[0];
    expect(event.startDate.toJSDate().getTime()).toBe(offer.s.getTime());

    const page = await (await resident.get('/spaces/bookings')).text();
    expect(page).toContain('Place gardée pour vous jusqu’au');
    expect(page).not.toContain('Mes listes d’attente');
    const accepted = await resident.post(`/spaces/bookings/${offer.id}/accept`, {});
    expect([accepted.status, accepted.headers.get('location')]).toEqual([303, '/spaces/bookings?offer=accept']);
    expect((await t.database.owner.query('select status from space_bookings where id = $1', [offer.id])).rows[0].status).toBe('confirmed');
    const late = await resident.post(`/spaces/bookings/${offer.id}/decline`, {});
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Cette proposition n’est plus valable');
  });

  it('a booking confirmed online is mailed with its calendar file', async () => {
    const before = smtp.mails.length;
    expect((await resident.post(`/spaces/${cowork.spaceId}/book`, fields({ start: '09:00' }))).status).toBe(303);
    await deliverPendingNotifications(t.services);
    const mail = await smtp.waitFor(RESIDENT, before);
    expect(mail.subject).toBe('Réservation confirmée : Coworking solidaire de Sotteville');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['reservation.ics']);
  });

  it('the facilitator cannot record an arrival days ahead: the board says why', async () => {
    const id = (await t.database.owner.query("select id from space_bookings where household_id = $1 and space_id = $2 and status = 'confirmed' and lower(during) > now() + interval '20 days'", [others[1], cowork.spaceId])).rows[0].id;
    const res = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${id}/checkin?date=${D}`, {});
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('On ne peut noter l’arrivée qu’à partir de 30 minutes avant le début');
    expect(await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${D}`)).text()).toContain('Noter l’arrivée de');
  });
});
