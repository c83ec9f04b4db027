import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace, workingDayAhead } from '../testing.js';
import { rawBooking, residentAccount } from '../testing-garden.js';

let t: Awaited<ReturnType<typeof testApp>>;
let room: DemoSpace;
let concierge: Client;
let steward: Client;
let neighbour: Client;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);

beforeAll(async () => {
  t = await testApp();
  room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  const stewardId = await residentAccount(t.database, room.orgId, room.households[1], 'steward-keys@demo.palier.fr', 'Odile Martin');
  await residentAccount(t.database, room.orgId, room.households[2], 'neighbour-keys@demo.palier.fr', 'Rémi Petit');
  await q('insert into space_stewards (organisation_id, space_id, user_id) values ($1, $2, $3)', [room.orgId, room.spaceId, stewardId]);
  concierge = t.client();
  await concierge.signIn(demo('concierge'));
  steward = t.client();
  await steward.signIn('steward-keys@demo.palier.fr');
  neighbour = t.client();
  await neighbour.signIn('neighbour-keys@demo.palier.fr');
});

describe('the common room’s key, handed over and returned', () => {
  it('staff record who handed the key to whom and when; a second hand-over of the same booking is refused; the return is recorded once', async () => {
    const b = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: workingDayAhead(3), from: 600, to: 720, status: 'confirmed' });
    const base = `/staff/spaces/${room.spaceId}/keys`;
    expect(await (await concierge.get(base)).text()).toContain('Réservations confirmées (15 jours)');
    const empty = await concierge.post(`${base}/hand/${b}`, { handedTo: ' ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Indiquez à qui la clé est remise');
    const ok = await concierge.post(`${base}/hand/${b}`, { handedTo: 'Mme Benali' });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, `${base}?done=hand`]);
    const key = (await q('select k.id, k.handed_to, k.handed_by, k.due_at, upper(b.during) as ends from space_key_handovers k join space_bookings b on b.id = k.booking_id where k.booking_id = $1', [b])).rows[0];
    expect(key.handed_to).toBe('Mme Benali');
    expect(key.handed_by).toBe((await q("select id from users where email = 'concierge@demo.palier.fr'")).rows[0].id);
    expect(key.due_at.getTime()).toBe(key.ends.getTime());
    const twice = await concierge.post(`${base}/hand/${b}`, { handedTo: 'Quelqu’un' });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('déjà remise');
    expect((await concierge.post(`${base}/return/${key.id}`, {})).status).toBe(303);
    expect((await q('select returned_at is not null as back from space_key_handovers where id = $1', [key.id])).rows[0].back).toBe(true);
    expect((await concierge.post(`${base}/return/${key.id}`, {})).status).toBe(409);
    const pending = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: workingDayAhead(4), from: 600, to: 720, status: 'pending' });
    expect((await concierge.post(`${base}/hand/${pending}`, { handedTo: 'Mme Benali' })).status).toBe(409);
  });

  it('a steward records the hand-over on their room page; an overdue key is listed on the board; others are refused', async () => {
    const b = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: workingDayAhead(5), from: 840, to: 960, status: 'confirmed' });
    expect((await neighbour.post(`/spaces/stewarding/${room.spaceId}/keys/hand/${b}`, { handedTo: 'M. Petit' })).status).toBe(404);
    expect((await steward.post(`/staff/spaces/${room.spaceId}/keys/hand/${b}`, { handedTo: 'M. Petit' })).status).toBe(403);
    const ok = await steward.post(`/spaces/stewarding/${room.spaceId}/keys/hand/${b}`, { handedTo: 'M. Petit' });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, `/spaces/stewarding/${room.spaceId}?done=hand`]);
    expect(await (await steward.get(`/spaces/stewarding/${room.spaceId}?done=hand`)).text()).toContain('M. Petit');
    // The booking is over and the key not back: overdue, on the board.
    await q("update space_key_handovers set handed_at = now() - interval '3 days', due_at = now() - interval '2 days' where booking_id = $1", [b]);
    const board = await (await concierge.get(`/staff/spaces/${room.spaceId}`)).text();
    expect(board).toContain('Clés non rendues à temps');
    expect(board).toContain('M. Petit');
    const kid = (await q('select id from space_key_handovers where booking_id = $1', [b])).rows[0].id;
    expect((await steward.post(`/spaces/stewarding/${room.spaceId}/keys/return/${kid}`, {})).status).toBe(303);
    expect(await (await concierge.get(`/staff/spaces/${room.spaceId}`)).text()).not.toContain('Clés non rendues à temps');
    const audit = (await q("select count(*)::int as n from audit_events where action in ('spaces.key.handover', 'spaces.key.return')")).rows[0].n;
    expect(audit).toBe(4);
  });
});
