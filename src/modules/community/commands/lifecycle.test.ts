import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { actorOf, householdsOf, inDays } from '../test-helpers.js';
import { cancelEvent } from './cancel-event.js';
import { cancelRegistration } from './cancel-registration.js';
import { createEvent } from './create-event.js';
import { decideRegistration } from './decide-registration.js';
import { registerForEvent } from './register.js';
import { updateEvent } from './update-event.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Actor;
let resident: Actor;
let households: string[];
let room: string;
beforeAll(async () => {
  t = await testApp();
  staff = await actorOf(t.database, demo('facilitator'));
  resident = await actorOf(t.database, demo('resident'));
  households = await householdsOf(t.database, 'PN-REMAVERT-ARC');
  room = (await t.database.owner.query(`select id from common_places where name = 'Salle commune Arc-en-Ciel'`)).rows[0].id;
});

let day = 60;
const base = (extra: Record<string, string> = {}) => ({
  title: 'Atelier tricot',
  category: 'workshop',
  address: 'Rue de l’Arc-en-Ciel',
  date: inDays(day++),
  startTime: '14:00',
  endTime: '16:00',
  ...extra,
});
const create = (extra: Record<string, string> = {}) => createEvent(t.database.db, staff, base(extra)).then((r) => r.ids[0]);
const register = (id: string, h: string, adults = '1') => registerForEvent(t.database.db, staff, id, { adults }, { forHouseholdId: h });

async function notices(eventTitle: string): Promise<{ subject: string; channel: string; attachments: unknown[] }[]> {
  const { rows } = await t.database.owner.query(`select subject, channel, attachments from notifications where subject like $1 order by created_at, id`, [`%${eventTitle}%`]);
  return rows;
}
const statusOf = async (id: string) => (await t.database.owner.query(`select status from community_registrations where id = $1`, [id])).rows[0].status as string;

describe('changing an activity', () => {
  it('refuses fewer places than already taken, promotes the waiting list when places grow, and tells everyone when the time moves', async () => {
    const form = base({ title: 'Atelier tricot A', capacity: '2' });
    const id = (await createEvent(t.database.db, staff, form)).ids[0];
    const a = await register(id, households[0], '2');
    const b = await register(id, households[1]);
    expect([a.status, b.status]).toEqual(['confirmed', 'waiting']);
    await expect(updateEvent(t.database.db, staff, id, { ...form, capacity: '1' })).rejects.toMatchObject({ status: 422, errors: { capacity: 'community.event.capacityBelowTaken' } });
    const grown = await updateEvent(t.database.db, staff, id, { ...form, capacity: '3' });
    expect(grown).toEqual({ promoted: [b.id], notified: 0 });
    expect(await statusOf(b.id)).toBe('confirmed');
    const moved = await updateEvent(t.database.db, staff, id, { ...form, capacity: '3', startTime: '15:00', endTime: '17:00' });
    expect(moved.notified).toBe(2);
    const subjects = (await notices('Atelier tricot A')).map((n) => n.subject);
    expect(subjects).toContain('Une place pour vous : Atelier tricot A');
    expect(subjects.filter((s) => s === 'Changement : Atelier tricot A')).toHaveLength(2);
    await expect(updateEvent(t.database.db, resident, id, form)).rejects.toMatchObject({ status: 403 });
  });

  it('keeps the no-double-booking guarantee when an activity moves into a taken room', async () => {
    const date = inDays(300);
    await createEvent(t.database.db, staff, base({ placeId: room, address: '', date }));
    const other = base({ placeId: room, address: '', date, startTime: '17:00', endTime: '18:00' });
    const id = (await createEvent(t.database.db, staff, other)).ids[0];
    await expect(updateEvent(t.database.db, staff, id, { ...other, startTime: '15:00' })).rejects.toMatchObject({ status: 409, errors: { placeId: 'community.event.placeTaken' } });
  });
});

describe('cancelling an activity', () => {
  it('needs a reason, tells everyone registered or waiting with the reason, releases the room and refuses new registrations', async () => {
    const date = inDays(310);
    const form = base({ title: 'Atelier tricot B', placeId: room, address: '', date, capacity: '1' });
    const id = (await createEvent(t.database.db, staff, form)).ids[0];
    await register(id, households[2]);
    await register(id, households[3]);
    await expect(cancelEvent(t.database.db, staff, id, { reason: '' })).rejects.toMatchObject({ status: 422, errors: { reason: 'form.required' } });
    expect(await cancelEvent(t.database.db, staff, id, { reason: 'Animatrice malade' })).toEqual({ notified: 2 });
    const cancelled = (await notices('Atelier tricot B')).filter((n) => n.subject === 'Activité annulée : Atelier tricot B');
    expect(cancelled).toHaveLength(2);
    const { rows } = await t.database.owner.query(`select body from notifications where subject = 'Activité annulée : Atelier tricot B'`);
    expect(rows[0].body).toContain('Raison : Animatrice malade');
    await expect(cancelEvent(t.database.db, staff, id, { reason: 'encore' })).rejects.toMatchObject({ status: 409 });
    await expect(register(id, households[4])).rejects.toMatchObject({ status: 409, errors: { form: 'community.register.cancelled' } });
    // The room is free again for the same hours.
    const again = await createEvent(t.database.db, staff, { ...form, title: 'Autre atelier' });
    expect(again.ids).toHaveLength(1);
  });
});

describe('requests to approve', () => {
  it('approves into a free place, then onto the waiting list when full, refuses with a notice, and never decides twice', async () => {
    const id = await create({ title: 'Sortie au musée', capacity: '1', registration: 'approval' });
    const [a, b, c] = await Promise.all([register(id, households[5]), register(id, households[6]), register(id, households[7])]);
    expect([a.status, b.status, c.status]).toEqual(['pending', 'pending', 'pending']);
    // Two approvals at the same instant for one place: one gets it, the other waits.
    const both = await Promise.all([decideRegistration(t.database.db, staff, a.id, { decision: 'approve' }), decideRegistration(t.database.db, staff, b.id, { decision: 'approve' })]);
    expect(both.map((d) => d.status).sort()).toEqual(['confirmed', 'waiting']);
    expect(await decideRegistration(t.database.db, staff, c.id, { decision: 'refuse' })).toEqual({ status: 'refused' });
    await expect(decideRegistration(t.database.db, staff, c.id, { decision: 'approve' })).rejects.toMatchObject({ status: 409 });
    await expect(decideRegistration(t.database.db, staff, a.id, { decision: 'maybe' })).rejects.toMatchObject({ status: 422 });
    await expect(decideRegistration(t.database.db, resident, a.id, { decision: 'approve' })).rejects.toMatchObject({ status: 403 });
    // The refused household may not ask again.
    await expect(register(id, households[7])).rejects.toMatchObject({ status: 409 });
    const confirmed = both[0].status === 'confirmed' ? a : b;
    const waiting = confirmed === a ? b : a;
    expect((await cancelRegistration(t.database.db, staff, confirmed.id)).promoted).toEqual([waiting.id]);
    const subjects = (await notices('Sortie au musée')).map((n) => n.subject);
    expect(subjects.filter((s) => s.startsWith('Demande reçue'))).toHaveLength(3);
    expect(subjects).toContain('Inscription acceptée : Sortie au musée');
    expect(subjects).toContain('Demande acceptée, liste d’attente : Sortie au musée');
    expect(subjects).toContain('Inscription non retenue : Sortie au musée');
    expect(subjects).toContain('Une place pour vous : Sortie au musée');
  });

  it('sends the resident a confirmation with the calendar file', async () => {
    const id = await create({ title: 'Atelier tricot C', capacity: '5' });
    await registerForEvent(t.database.db, resident, id, { adults: '1' });
    const [n] = await notices('Atelier tricot C');
    expect(n.subject).toBe('Inscription confirmée : Atelier tricot C');
    expect(n.channel).toBe('email');
    expect(n.attachments).toEqual([expect.objectContaining({ filename: 'activite.ics', content: expect.stringContaining('SUMMARY:Atelier tricot C') })]);
  });
});
