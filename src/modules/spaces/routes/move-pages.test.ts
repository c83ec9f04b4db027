import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;
const D = workingDayAhead(40);
const E = workingDayAhead(41);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
});

describe('moving a booking from "My bookings", without JavaScript', () => {
  it('offers "Move", refuses a closed hour with the field error and the booking kept, then moves it', async () => {
    const booked = await resident.post(`/spaces/${cowork.spaceId}/book`, { resourceId: cowork.resourceId, date: D, start: '09:00', minutes: '60', purpose: 'telework', idempotencyKey: `mv-${Date.now()}` });
    const id = (booked.headers.get('location') as string).split('=')[1];
    expect(await (await resident.get('/spaces/bookings')).text()).toContain(`href="/spaces/bookings/${id}/move"`);
    const form = await (await resident.get(`/spaces/bookings/${id}/move`)).text();
    expect(form).toContain(`value="${D}"`);
    const refused = await resident.post(`/spaces/bookings/${id}/move`, { date: E, start: '12:30', minutes: '60' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('class="error"');
    expect((await q('select status from space_bookings where id = $1', [id]))[0].status).toBe('confirmed');
    const bad = await resident.post(`/spaces/bookings/${id}/move`, { date: 'demain', start: '10:00', minutes: '60' });
    expect(bad.status).toBe(422);
    const moved = await resident.post(`/spaces/bookings/${id}/move`, { date: E, start: '10:00', minutes: '120' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe('/spaces/bookings?moved=1');
    expect((await q('select status from space_bookings where id = $1', [id]))[0].status).toBe('cancelled');
    const [row] = await q(`select purpose, to_char(lower(during) at time zone 'Europe/Paris', 'YYYY-MM-DD HH24:MI') s, to_char(upper(during) at time zone 'Europe/Paris', 'HH24:MI') e from space_bookings where space_id = $1 and status = 'confirmed' and lower(during)::date >= $2::date and household_id = (select household_id from space_bookings where id = $3) order by created_at desc limit 1`, [cowork.spaceId, E, id]);
    expect(row).toEqual({ purpose: 'telework', s: `${E} 10:00`, e: '12:00' });
    expect(await (await resident.get('/spaces/bookings?moved=1')).text()).toContain('La réservation est déplacée.');
    // The old booking can no longer be moved, and someone else's never could.
    expect((await resident.get(`/spaces/bookings/${id}/move`)).status).toBe(404);
  });
});
