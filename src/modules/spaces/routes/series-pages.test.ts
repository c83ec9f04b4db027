import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { holidayOn } from '../../../platform/calendar/holidays.js';
import { addDays } from '../domain/paris-time.js';
import { type DemoSpace, demoSpace, holidayWeekAhead, relaxRules } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId, { horizon_days: 400 });
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
});

describe('a weekly series through the booking form, without JavaScript', () => {
  it('lists the holiday, books nothing, then books the other dates when the resident chooses to skip it', async () => {
    const { start, holiday } = holidayWeekAhead();
    const dates = [0, 1, 2, 3].map((w) => addDays(start, w * 7));
    const skipped = dates.filter((d) => holidayOn(d));
    const fields = { resourceId: cowork.resourceId, date: start, start: '10:00', minutes: '60', purpose: 'training', idempotencyKey: 'series-form-0001', weeks: '4' };
    const form = await (await resident.get(`/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${start}&start=10:00`)).text();
    expect(form).toContain('Répéter chaque semaine');
    const asked = await resident.post(`/spaces/${cowork.spaceId}/book`, fields);
    const html = await asked.text();
    expect(asked.status).toBe(409);
    expect(html).toContain(skipped.length === 1 ? '1 date de la série ne peut pas être réservée' : `${skipped.length} dates de la série ne peuvent pas être réservées`);
    expect(html).toContain(`L’espace est fermé ce jour férié (${holidayOn(holiday)})`);
    expect(html).toContain('name="onConflict" value="skip"');
    expect(html).toContain('Renoncer à la série');
    const count = async () => (await t.database.owner.query("select count(*)::int as n from space_bookings where space_id = $1 and series_id is not null and status = 'confirmed'", [cowork.spaceId])).rows[0].n;
    expect(await count()).toBe(0);
    const booked = await resident.post(`/spaces/${cowork.spaceId}/book`, { ...fields, onConflict: 'skip' });
    expect([booked.status, booked.headers.get('location')]).toEqual([303, `/spaces/bookings?series=${4 - skipped.length}&skipped=${skipped.length}`]);
    expect(await count()).toBe(4 - skipped.length);
    const mine = await (await resident.get(booked.headers.get('location') as string)).text();
    expect(mine).toContain(`${4 - skipped.length} dates réservées, ${skipped.length === 1 ? '1 date sautée' : `${skipped.length} dates sautées`}.`);
    expect(mine).toContain('Série hebdomadaire');
  });

  it('refuses a number of weeks not in the list with 422, tied to its field', async () => {
    const res = await resident.post(`/spaces/${cowork.spaceId}/book`, { resourceId: cowork.resourceId, date: holidayWeekAhead().start, start: '10:00', minutes: '60', purpose: '', idempotencyKey: 'series-form-0002', weeks: '99' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#f-weeks"');
    expect(html).toContain('Choisissez un nombre de semaines dans la liste.');
  });
});
