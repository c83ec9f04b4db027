import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;
let facilitator: Client;
let mine: string;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);
const D = workingDayAhead(14);

/** Books a 3-week series through the form (skipping any holiday) and returns its bookings, soonest first. */
async function series(start: string, key: string): Promise<{ id: string; status: string; series_id: string }[]> {
  const r = await resident.post(`/spaces/${cowork.spaceId}/book`, { resourceId: cowork.resourceId, date: D, start, minutes: '60', purpose: 'training', idempotencyKey: key, weeks: '3', onConflict: 'skip' });
  expect(r.status).toBe(303);
  const first = (await q('select series_id from space_bookings where idempotency_key = $1', [key])).rows[0].series_id;
  return (await q('select id, status, series_id from space_bookings where series_id = $1 order by lower(during)', [first])).rows;
}

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
  mine = (await q("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr'")).rows[0].household_id;
});

describe('cancelling a whole series in one action', () => {
  it('the resident cancels every date still outside the notice from "Mes réservations", with one notice', async () => {
    const dates = await series('09:00', 'series-cancel-0001');
    expect(dates.length).toBeGreaterThanOrEqual(2);
    const page = await (await resident.get('/spaces/bookings')).text();
    expect(page.match(/>Annuler toute la série</g)?.length).toBe(1);
    // The first date falls inside the cancellation notice: it is kept, the others go.
    const first = (await q('select lower(during) as s from space_bookings where id = $1', [dates[0].id])).rows[0].s as Date;
    await relaxRules(t.database, cowork.spaceId, { cancel_notice_minutes: Math.ceil((first.getTime() - Date.now()) / 60_000) + 60 });
    const notices = Number((await q('select count(*) from notifications')).rows[0].count);
    const res = await resident.post(`/spaces/bookings/${dates[1].id}/cancel-series`, {});
    expect([res.status, res.headers.get('location')]).toEqual([303, `/spaces/bookings?seriesCancelled=${dates.length - 1}&kept=1`]);
    const after = (await q('select status from space_bookings where series_id = $1 order by lower(during)', [dates[0].series_id])).rows.map((r) => r.status);
    expect(after).toEqual(['confirmed', ...Array(dates.length - 1).fill('cancelled')]);
    expect(Number((await q('select count(*) from notifications')).rows[0].count)).toBe(notices + 1);
    expect(await (await resident.get(res.headers.get('location') as string)).text()).toContain('1 date trop proche est gardée.');
    expect((await q("select details from audit_events where action = 'spaces.series.cancel' order by id desc limit 1")).rows[0].details).toMatchObject({ mode: 'self', kept: 1 });
    await relaxRules(t.database, cowork.spaceId);
  });

  it('staff cancel a household’s series from the board; a single booking is not a series', async () => {
    const dates = await series('10:00', 'series-cancel-0002');
    const board = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${D}`)).text();
    expect(board).toContain(`/staff/spaces/${cowork.spaceId}/bookings/${dates[0].id}/cancel-series?date=${D}`);
    const res = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${dates[0].id}/cancel-series?date=${D}`, {});
    expect(res.status).toBe(303);
    expect((await q("select count(*)::int as n from space_bookings where series_id = $1 and status <> 'cancelled'", [dates[0].series_id])).rows[0].n).toBe(0);
    expect(await (await facilitator.get(res.headers.get('location') as string)).text()).toContain('de la série sont annulées');
    const single = await resident.post(`/spaces/${cowork.spaceId}/book`, { resourceId: cowork.resourceId, date: D, start: '11:00', minutes: '60', purpose: '', idempotencyKey: 'single-0000001' });
    const id = (single.headers.get('location') as string).split('=')[1];
    const refused = await resident.post(`/spaces/bookings/${id}/cancel-series`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('ne fait pas partie d’une série');
  });

  it('another household’s series is a 404 for a resident', async () => {
    const other = cowork.households.find((h) => h !== mine) as string;
    const made = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, { resourceId: cowork.resourceId, date: D, start: '14:00', minutes: '60', purpose: '', householdId: other, idempotencyKey: 'other-00000001' });
    expect(made.status).toBe(303);
    const theirs = (await q("select id from space_bookings where idempotency_key = 'other-00000001'")).rows[0].id;
    await q('update space_bookings set series_id = gen_random_uuid() where id = $1', [theirs]);
    expect((await resident.post(`/spaces/bookings/${theirs}/cancel-series`, {})).status).toBe(404);
    expect((await q('select status from space_bookings where id = $1', [theirs])).rows[0].status).toBe('confirmed');
  });
});
