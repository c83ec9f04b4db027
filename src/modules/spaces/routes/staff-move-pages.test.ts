import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let facilitator: Client;
const D = workingDayAhead(44);
const E = workingDayAhead(45);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
});

describe('moving a booking from the staff’s day board, without JavaScript', () => {
  it('links "Move" on the board, keeps the booking on a refused slot (field error, values kept), then moves it for the household, assisted and told', async () => {
    const household = cowork.households[5];
    const made = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, { resourceId: cowork.resourceId, date: D, start: '09:00', minutes: '60', purpose: 'job_search', householdId: household, idempotencyKey: `smv-${Date.now()}` });
    expect(made.status).toBe(303);
    const [{ id }] = await q("select id from space_bookings where space_id = $1 and household_id = $2 and status = 'confirmed' order by created_at desc limit 1", [cowork.spaceId, household]);
    const board = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${D}`)).text();
    expect(board).toContain(`href="/staff/spaces/${cowork.spaceId}/bookings/${id}/move"`);
    const form = await facilitator.get(`/staff/spaces/${cowork.spaceId}/bookings/${id}/move`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Déplacer une réservation pour un foyer');
    expect(html).toContain(`value="${D}"`);
    const refused = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${id}/move`, { resourceId: cowork.resourceId, date: E, start: '12:30', minutes: '60' });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('class="error"');
    expect(refusedHtml).toContain(`value="${E}"`);
    expect((await q('select status from space_bookings where id = $1', [id]))[0].status).toBe('confirmed');
    const notices = (await q('select count(*)::int n from notifications'))[0].n;
    const moved = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${id}/move`, { resourceId: cowork.resourceId, date: E, start: '14:00', minutes: '120' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/staff/spaces/${cowork.spaceId}?date=${E}&done=move`);
    expect((await q('select status from space_bookings where id = $1', [id]))[0].status).toBe('cancelled');
    const [row] = await q(
      "select assisted, status, to_char(lower(during) at time zone 'Europe/Paris', 'YYYY-MM-DD HH24:MI') s, to_char(upper(during) at time zone 'Europe/Paris', 'HH24:MI') e from space_bookings where space_id = $1 and household_id = $2 and status = 'confirmed' order by created_at desc limit 1",
      [cowork.spaceId, household],
    );
    expect(row).toEqual({ assisted: true, status: 'confirmed', s: `${E} 14:00`, e: '16:00' });
    expect((await q('select count(*)::int n from notifications'))[0].n).toBeGreaterThan(notices);
    expect(await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${E}&done=move`)).text()).toContain('La réservation est déplacée ; le foyer est prévenu.');
    // The cancelled booking is no longer movable.
    expect((await facilitator.get(`/staff/spaces/${cowork.spaceId}/bookings/${id}/move`)).status).toBe(404);
  });

  it('is for staff of the space only: a resident 403, another space’s path 404', async () => {
    const household = cowork.households[6];
    await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, { resourceId: cowork.resourceId, date: D, start: '11:00', minutes: '60', purpose: 'job_search', householdId: household, idempotencyKey: `smv2-${Date.now()}` });
    const [{ id }] = await q("select id from space_bookings where space_id = $1 and household_id = $2 and status = 'confirmed' order by created_at desc limit 1", [cowork.spaceId, household]);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get(`/staff/spaces/${cowork.spaceId}/bookings/${id}/move`)).status).toBe(403);
    // Any other space (of this landlord if there is one, else another's): the booking is not found under its path.
    const [{ id: other }] = await q('select id from spaces where id <> $1 order by (organisation_id = $2) desc limit 1', [cowork.spaceId, cowork.orgId]);
    expect((await facilitator.get(`/staff/spaces/${other}/bookings/${id}/move`)).status).toBe(404);
    expect((await facilitator.post(`/staff/spaces/${other}/bookings/${id}/move`, { resourceId: cowork.resourceId, date: E, start: '10:00', minutes: '60' })).status).toBe(404);
    expect((await q('select status from space_bookings where id = $1', [id]))[0].status).toBe('confirmed');
  });
});
