import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;
const D = workingDayAhead(32);

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  await t.database.owner.query(`update spaces set house_rules = 'Pas de repas sur les postes.' where id = $1`, [cowork.spaceId]);
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
});

const fields = (start: string, extra: Record<string, string> = {}) => ({ resourceId: cowork.resourceId, date: D, start, minutes: '60', purpose: 'training', idempotencyKey: `hr-${Math.random().toString(36).slice(2, 12)}`, ...extra });
const q = async (text: string, values: unknown[]) => (await t.database.owner.query(text, values)).rows;

describe('house rules of a space', () => {
  it('a change of the text bumps the version; the same text kept does not', async () => {
    const [{ house_rules_version: v1 }] = await q('select house_rules_version from spaces where id = $1', [cowork.spaceId]);
    await q(`update spaces set house_rules = house_rules, name = name where id = $1`, [cowork.spaceId]);
    expect((await q('select house_rules_version from spaces where id = $1', [cowork.spaceId]))[0].house_rules_version).toBe(v1);
    await q(`update spaces set house_rules = 'Pas de repas sur les postes. Rangez votre poste.' where id = $1`, [cowork.spaceId]);
    expect((await q('select house_rules_version from spaces where id = $1', [cowork.spaceId]))[0].house_rules_version).toBe(v1 + 1);
  });

  it('the booking form asks to accept them; without the box ticked the form comes back with the field error and the values kept, nothing booked', async () => {
    const form = await (await resident.get(`/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${D}&start=10:00`)).text();
    expect(form).toContain('name="acceptRules"');
    expect(form).toContain('J’accepte le règlement intérieur');
    const before = (await q('select count(*)::int n from space_bookings where space_id = $1', [cowork.spaceId]))[0].n;
    const refused = await resident.post(`/spaces/${cowork.spaceId}/book`, fields('10:00'));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('<span class="error" id="f-acceptRules-error">Cochez « J’accepte le règlement intérieur » pour réserver cet espace.</span>');
    expect(html).toContain('href="#f-acceptRules"');
    expect(html).toMatch(/<option value="training" selected/);
    expect((await q('select count(*)::int n from space_bookings where space_id = $1', [cowork.spaceId]))[0].n).toBe(before);
  });

  it('records the acceptance with the booking: when, and which version of the rules', async () => {
    const [{ house_rules_version: version }] = await q('select house_rules_version from spaces where id = $1', [cowork.spaceId]);
    const booked = await resident.post(`/spaces/${cowork.spaceId}/book`, fields('11:00', { acceptRules: 'on' }));
    expect(booked.status).toBe(303);
    const id = (booked.headers.get('location') as string).split('=')[1];
    const [row] = await q('select house_rules_accepted_at, house_rules_version from space_bookings where id = $1', [id]);
    expect(row.house_rules_version).toBe(version);
    expect(row.house_rules_accepted_at).toBeInstanceOf(Date);
  });

  it('a weekly series needs the acceptance too, and every date of it keeps it', async () => {
    const refused = await resident.post(`/spaces/${cowork.spaceId}/book`, fields('14:00', { weeks: '2' }));
    expect(refused.status).toBe(422);
    const booked = await resident.post(`/spaces/${cowork.spaceId}/book`, fields('14:00', { weeks: '2', acceptRules: 'on', onConflict: 'skip' }));
    expect(booked.status).toBe(303);
    const rows = await q(`select house_rules_version from space_bookings where space_id = $1 and series_id is not null and lower(during) >= now()`, [cowork.spaceId]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.house_rules_version !== null)).toBe(true);
  });

  it('at the counter, staff tick it for the person: recorded when ticked, not demanded', async () => {
    const staff = t.client();
    await staff.signIn('facilitator-sotteville@demo.palier.fr');
    const board = await (await staff.get(`/staff/spaces/${cowork.spaceId}?date=${D}`)).text();
    expect(board).toContain('La personne a lu et accepte le règlement intérieur');
    const other = cowork.households[cowork.households.length - 1];
    const ticked = await staff.post(`/staff/spaces/${cowork.spaceId}/bookings`, fields('17:00', { householdId: other, acceptRules: 'on' }));
    expect(ticked.status).toBe(303);
    const unticked = await staff.post(`/staff/spaces/${cowork.spaceId}/bookings`, fields('09:00', { householdId: other }));
    expect(unticked.status).toBe(303);
    const rows = await q(`select to_char(lower(during) at time zone 'Europe/Paris', 'HH24:MI') at, house_rules_version from space_bookings where household_id = $1 and assisted and lower(during)::date = $2::date order by 1`, [other, D]);
    expect(rows.map((r) => [r.at, r.house_rules_version !== null])).toEqual([
      ['09:00', false],
      ['17:00', true],
    ]);
  });

  it('a space without house rules asks nothing', async () => {
    await q(`update spaces set house_rules = '' where id = $1`, [cowork.spaceId]);
    const form = await (await resident.get(`/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${D}&start=15:00`)).text();
    expect(form).not.toContain('name="acceptRules"');
    const booked = await resident.post(`/spaces/${cowork.spaceId}/book`, fields('16:00'));
    expect(booked.status).toBe(303);
    const id = (booked.headers.get('location') as string).split('=')[1];
    expect((await q('select house_rules_version from space_bookings where id = $1', [id]))[0].house_rules_version).toBeNull();
  });
});
