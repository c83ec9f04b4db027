import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { holdRoomForActivity } from '../commands/activity-holds.js';
import { parisInstant } from '../domain/paris-time.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let facilitator: Client;
const D = workingDayAhead(46);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
});

describe('the printable day sheet', () => {
  it('lists the day’s bookings (not the cancelled ones) with boxes for arrival and signature, linked from the board; print styles hide the rest', async () => {
    for (const [i, start] of ['09:00', '10:00'].entries()) {
      const r = await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings`, { resourceId: cowork.resourceId, date: D, start, minutes: '60', purpose: 'telework', householdId: cowork.households[i], idempotencyKey: `sheet-000${i}-${Date.now()}` });
      expect(r.status).toBe(303);
    }
    const [kept, gone] = await q("select b.id, h.name from space_bookings b join households h on h.id = b.household_id where b.space_id = $1 and (lower(b.during) at time zone 'Europe/Paris')::date = $2::date and b.status = 'confirmed' and b.household_id = any($3) order by lower(b.during)", [cowork.spaceId, D, cowork.households.slice(0, 2)]);
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/bookings/${gone.id}/cancel?date=${D}`, {})).status).toBe(303);
    expect(await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${D}`)).text()).toContain(`href="/staff/spaces/${cowork.spaceId}/sheet?date=${D}"`);
    const res = await facilitator.get(`/staff/spaces/${cowork.spaceId}/sheet?date=${D}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Feuille du jour : Coworking solidaire de Sotteville');
    expect(html).toContain(kept.name);
    expect(html).not.toContain(gone.name);
    expect(html).toContain('Signature');
    expect(html).toContain('@media print');
    expect((await facilitator.get(`/staff/spaces/${cowork.spaceId}/sheet?date=n'importe`)).status).toBe(200);
  });

  it('is for staff of the space: a resident 403, another landlord’s space 404', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get(`/staff/spaces/${cowork.spaceId}/sheet`)).status).toBe(403);
    const [{ id }] = await q('select id from spaces where organisation_id <> $1 limit 1', [cowork.orgId]);
    expect((await facilitator.get(`/staff/spaces/${id}/sheet`)).status).toBe(404);
  });

  it('shows a community activity holding the room on the board and the sheet, with its title, as an activity and not a booking', async () => {
    const day = workingDayAhead(47);
    const [{ common_place_id: placeId }] = await q('select common_place_id from spaces where id = $1', [cowork.spaceId]);
    const held = await withTenant(t.database.db, { orgId: cowork.orgId }, (tx) =>
      holdRoomForActivity(tx, { eventId: randomUUID(), placeId, title: 'Atelier CV & lettres', start: parisInstant(day, 14 * 60), end: parisInstant(day, 16 * 60) }),
    );
    expect(held).toMatchObject({ held: 1 });
    const board = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}?date=${day}`)).text();
    const list = board.slice(board.indexOf('Réservations du jour'));
    expect(list).toContain('Activité : Atelier CV &amp; lettres');
    expect(list).toContain('14:00 – 16:00');
    expect(list).toContain('ce n’est pas une réservation d’un foyer');
    expect(list).not.toContain('Aucune réservation ce jour-là.');
    const sheet = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}/sheet?date=${day}`)).text();
    expect(sheet).toContain('Activité : Atelier CV &amp; lettres');
    expect(sheet).toContain('0 réservation');
    // No household name on the hold's row.
    const row = sheet.slice(sheet.indexOf('14:00 – 16:00'), sheet.indexOf('</tr>', sheet.indexOf('14:00 – 16:00')));
    for (const h of await q('select name from households where id = any($1)', [cowork.households])) expect(row).not.toContain(h.name);
  });
});
