import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { noticeForBookings } from '../commands/booking-notices.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';
import { rawBooking, residentAccount, siblingRoom } from '../testing-garden.js';

let t: Awaited<ReturnType<typeof testApp>>;
let room: DemoSpace;
let roomB: [string, string];
let steward: Client;
let stewardId: string;
let neighbour: Client;
let manager: Client;
const D = workingDayAhead(12);
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);

beforeAll(async () => {
  t = await testApp();
  room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  await relaxRules(t.database, room.spaceId);
  roomB = await siblingRoom(t.database, room.spaceId, 'Salle du bas');
  stewardId = await residentAccount(t.database, room.orgId, room.households[1], 'steward-arc@demo.palier.fr', 'Odile Martin');
  await residentAccount(t.database, room.orgId, room.households[2], 'neighbour-arc@demo.palier.fr', 'Rémi Petit');
  steward = t.client();
  await steward.signIn('steward-arc@demo.palier.fr');
  neighbour = t.client();
  await neighbour.signIn('neighbour-arc@demo.palier.fr');
  manager = t.client();
  await manager.signIn(demo('programme_manager'));
});

describe('a common room run by resident stewards', () => {
  it('the manager names a resident of the residence steward; anyone else is refused with a field error', async () => {
    const page = await (await manager.get(`/staff/spaces/${room.spaceId}/stewards`)).text();
    expect(page).toContain('Odile Martin');
    const stranger = (await q("select id from users where email = 'resident-sotteville@demo.palier.fr'")).rows[0].id;
    const bad = await manager.post(`/staff/spaces/${room.spaceId}/stewards`, { userId: stranger });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choisissez un habitant dans la liste.');
    const ok = await manager.post(`/staff/spaces/${room.spaceId}/stewards`, { userId: stewardId });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, `/staff/spaces/${room.spaceId}/stewards?added=1`]);
    expect((await q('select count(*)::int as n from space_stewards where space_id = $1 and user_id = $2', [room.spaceId, stewardId])).rows[0].n).toBe(1);
    // Only the manager names stewards: the steward themself and the facilitator may not.
    expect((await steward.post(`/staff/spaces/${room.spaceId}/stewards`, { userId: stewardId })).status).toBe(403);
    const facilitator = t.client();
    await facilitator.signIn(demo('facilitator'));
    expect((await facilitator.get(`/staff/spaces/${room.spaceId}/stewards`)).status).toBe(403);
  });

  it('tells the stewards of a room when a request comes in, without naming the requester', async () => {
    const id = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: D, from: 600, to: 720, status: 'pending' });
    await withTenant(t.database.db, { orgId: room.orgId }, (tx) => noticeForBookings(tx, 'requested', [id]));
    const notices = (await q("select subject, body from notifications where user_id = $1 and subject like 'Demande à examiner%'", [stewardId])).rows;
    expect(notices).toHaveLength(1);
    const household = (await q('select name from households where id = $1', [room.households[0]])).rows[0].name;
    expect(notices[0].body).not.toContain(household);
  });

  it('a steward sees and decides the requests of their room only; a refusal needs a reason; the requester is told', async () => {
    expect(await (await steward.get('/spaces')).text()).toContain('href="/spaces/stewarding"');
    expect(await (await neighbour.get('/spaces')).text()).not.toContain('href="/spaces/stewarding"');
    const list = await (await steward.get('/spaces/stewarding')).text();
    expect(list).toContain('Salle commune Arc-en-Ciel');
    expect(list).not.toContain('Salle du bas');
    const other = await rawBooking(t.database, { spaceId: roomB[0], resourceId: roomB[1], householdId: room.households[0], date: D, from: 840, to: 900, status: 'pending' });
    const mine = (await q("select id from space_bookings where space_id = $1 and status = 'pending'", [room.spaceId])).rows[0].id;
    // Room B is not theirs: 404 whichever path is tried, and nothing changes.
    expect((await steward.get(`/spaces/stewarding/${roomB[0]}`)).status).toBe(404);
    expect((await steward.post(`/spaces/stewarding/${roomB[0]}/bookings/${other}/approve`, {})).status).toBe(404);
    expect((await steward.post(`/spaces/stewarding/${room.spaceId}/bookings/${other}/approve`, {})).status).toBe(404);
    expect((await q('select status from space_bookings where id = $1', [other])).rows[0].status).toBe('pending');
    // A resident who is no steward sees nothing; staff do not use the residents' pages.
    expect((await neighbour.get(`/spaces/stewarding/${room.spaceId}`)).status).toBe(404);
    expect((await neighbour.post(`/spaces/stewarding/${room.spaceId}/bookings/${mine}/approve`, {})).status).toBe(404);
    expect((await manager.get(`/spaces/stewarding/${room.spaceId}`)).status).toBe(403);
    const page = await (await steward.get(`/spaces/stewarding/${room.spaceId}`)).text();
    expect(page).toContain('Demandes à valider ou refuser');
    const noReason = await steward.post(`/spaces/stewarding/${room.spaceId}/bookings/${mine}/refuse`, { reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('aria-invalid="true"');
    expect((await q('select status from space_bookings where id = $1', [mine])).rows[0].status).toBe('pending');
    const ok = await steward.post(`/spaces/stewarding/${room.spaceId}/bookings/${mine}/approve`, {});
    expect([ok.status, ok.headers.get('location')]).toEqual([303, `/spaces/stewarding/${room.spaceId}?done=approve`]);
    expect((await q('select status from space_bookings where id = $1', [mine])).rows[0].status).toBe('confirmed');
    expect((await q("select count(*)::int as n from notifications where subject like 'Demande acceptée%'")).rows[0].n).toBe(1);
    expect((await steward.post(`/spaces/stewarding/${room.spaceId}/bookings/${mine}/refuse`, { reason: 'Trop tard' })).status).toBe(409);
    const audit = (await q("select actor_user_id, details from audit_events where action = 'spaces.booking.approve' and target_id = $1", [mine])).rows[0];
    expect([audit.actor_user_id, audit.details.by]).toEqual([stewardId, 'steward']);
  });

  it('a steward refuses with a reason, and never decides their own household’s request', async () => {
    const asked = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: D, from: 1140, to: 1200, status: 'pending' });
    const res = await steward.post(`/spaces/stewarding/${room.spaceId}/bookings/${asked}/refuse`, { reason: 'La salle est prise pour l’assemblée' });
    expect(res.status).toBe(303);
    const row = (await q('select status, decision_reason from space_bookings where id = $1', [asked])).rows[0];
    expect(row).toEqual({ status: 'refused', decision_reason: 'La salle est prise pour l’assemblée' });
    expect((await q("select body from notifications where subject like 'Demande refusée%'")).rows[0].body).toContain('La salle est prise pour l’assemblée');
    const own = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[1], date: D, from: 780, to: 840, status: 'pending' });
    const self = await steward.post(`/spaces/stewarding/${room.spaceId}/bookings/${own}/approve`, {});
    expect(self.status).toBe(409);
    expect(await self.text()).toContain('votre propre foyer');
  });

  it('a steward withdrawn by the manager loses access at once', async () => {
    expect((await manager.post(`/staff/spaces/${room.spaceId}/stewards/${stewardId}/remove`, {})).status).toBe(303);
    expect((await steward.get(`/spaces/stewarding/${room.spaceId}`)).status).toBe(404);
    expect((await manager.post(`/staff/spaces/${room.spaceId}/stewards`, { userId: stewardId })).status).toBe(303);
  });
});
