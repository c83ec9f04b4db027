import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { Services } from '../../../platform/http/env.js';
import { cancelEvent } from '../commands/cancel-event.js';
import { createEvent } from '../commands/create-event.js';
import { landlordBySlug, registerGuest } from '../commands/guest-registration.js';
import { registerForEvent } from '../commands/register.js';
import { addDays, parisToInstant } from '../domain/paris-time.js';
import { eventRoster } from '../queries/events.js';
import { actorOf, householdsOf, inDays } from '../test-helpers.js';
import { GUEST_RETENTION_DAYS, guestPurgeJob } from './guest-purge.js';
import { remindersJob } from './reminders.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Actor;
let households: string[];
let services: Services;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  t = await testApp();
  staff = await actorOf(t.database, demo('facilitator'));
  households = await householdsOf(t.database, 'PN-REMAVERT-ARC');
  services = { database: t.database } as unknown as Services;
});

const create = (title: string, date: string, capacity = '1') => createEvent(t.database.db, staff, { title, category: 'tasting', address: 'Place du marché', date, startTime: '09:00', endTime: '11:00', capacity }).then((r) => r.ids[0]);
const reminders = async (title: string) => Number((await t.database.owner.query(`select count(*) from notifications where subject = $1`, [`Rappel, c’est demain : ${title}`])).rows[0].count);

describe('reminders the day before', () => {
  it('reminds confirmed people of tomorrow’s activities once, not those waiting, not cancelled or later activities', async () => {
    const date = inDays(50);
    await t.database.owner.query(`update households set channel = 'sms', phone = '+33611223344', email = 'foyer@example.org' where id = $1`, [households[2]]);
    const tomorrow = await create('Dégustation de fromages', date);
    const later = await create('Dégustation de pains', addDays(date, 1));
    const cancelled = await create('Dégustation de miels', date);
    await registerForEvent(t.database.db, staff, tomorrow, { adults: '1' }, { forHouseholdId: households[2] });
    await registerForEvent(t.database.db, staff, tomorrow, { adults: '1' }, { forHouseholdId: households[0] }); // waiting: Amina's family, with an account
    await registerForEvent(t.database.db, staff, later, { adults: '1' }, { forHouseholdId: households[0] });
    await registerForEvent(t.database.db, staff, cancelled, { adults: '1' }, { forHouseholdId: households[0] });
    await cancelEvent(t.database.db, staff, cancelled, { reason: 'Producteur absent' });
    // The job runs at 10:00 Paris time the day before; late at night (23:30) counts as the same day.
    const now = parisToInstant(addDays(date, -1), '23:30');
    const first = await remindersJob.run({ services, now, log });
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect(await reminders('Dégustation de fromages')).toBe(1);
    expect(await reminders('Dégustation de pains')).toBe(0);
    expect(await reminders('Dégustation de miels')).toBe(0);
    // Run again (or by a second process): nobody is reminded twice.
    expect(await remindersJob.run({ services, now, log })).toEqual({ reminded: 0 });
    expect(await reminders('Dégustation de fromages')).toBe(1);
    // The household has no account and asked for SMS: the reminder goes to its phone, short.
    const { rows } = await t.database.owner.query(`select channel, recipient, sms from notifications where subject = 'Rappel, c’est demain : Dégustation de fromages'`);
    expect(rows[0]).toMatchObject({ channel: 'sms', recipient: '+33611223344' });
    expect(rows[0].sms).toContain('Rappel, c’est demain : Dégustation de fromages');
  });
});

describe('guests’ contact details', () => {
  it('are erased after the retention period and not before, keeping the counts; the cancellation link then stops working', async () => {
    const org = (await landlordBySlug(t.database.db, 'plurial-novilia'))?.id as string;
    const date = inDays(70);
    const id = await create('Collecte de jouets', date, '10');
    const guest = await registerGuest(t.database.db, org, id, { name: 'M. Diallo', contact: 'diallo@example.org', adults: '1', children: '2' });
    const end = parisToInstant(date, '11:00');
    const day = 86_400_000;
    expect(await guestPurgeJob.run({ services, now: new Date(end.getTime() + (GUEST_RETENTION_DAYS - 1) * day), log })).toEqual({ purged: 0 });
    const before = await eventRoster(t.database.db, staff, id);
    expect(before[0]).toMatchObject({ name: 'M. Diallo', contact: 'diallo@example.org' });
    const after = new Date(end.getTime() + (GUEST_RETENTION_DAYS + 1) * day);
    expect((await guestPurgeJob.run({ services, now: after, log })).purged).toBeGreaterThanOrEqual(1);
    expect(await guestPurgeJob.run({ services, now: after, log })).toEqual({ purged: 0 });
    const { rows } = await t.database.owner.query(`select guest_name, guest_contact, cancel_token_hash, adults, children, status from community_registrations where id = $1`, [guest.id]);
    expect(rows[0]).toEqual({ guest_name: '', guest_contact: null, cancel_token_hash: null, adults: 1, children: 2, status: 'confirmed' });
    expect((await eventRoster(t.database.db, staff, id))[0]).toMatchObject({ name: '', contact: null, guest: false });
  });

  it('are read by staff only with a line in the audit trail', async () => {
    const org = (await landlordBySlug(t.database.db, 'plurial-novilia'))?.id as string;
    const id = await create('Troc de vêtements', inDays(71), '10');
    const guest = await registerGuest(t.database.db, org, id, { name: 'Mme Petit', contact: '06 11 22 33 44' });
    await eventRoster(t.database.db, staff, id);
    const { rows } = await t.database.owner.query(`select actor_user_id, details from audit_events where action = 'community.guest_contact.read' and target_id = $1`, [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_user_id).toBe(staff.userId);
    expect(rows[0].details).toEqual({ where: 'roster', registrations: [guest.id] });
  });
});
