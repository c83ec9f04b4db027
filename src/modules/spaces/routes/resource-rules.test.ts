import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { createBooking } from '../commands/create-booking.js';
import { hourFields } from '../config-schemas.js';
import { findSpace } from '../db/spaces-db.js';
import { addDays, weekday } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { dayAvailability } from '../queries/availability.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, workingDayAhead } from '../testing.js';
import { residentAccount } from '../testing-garden.js';
import { withTenant } from '../../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let gardens: DemoSpace;
let manager: Client;
let resident: Client;
let residentId: string;
let ids: Record<string, string>;
const q = async (text: string, args: unknown[] = []) => (await t.database.owner.query(text, args)).rows;
// Far from the demo bookings (which stop two weeks ahead) and from other test files' dates.
const D = workingDayAhead(40);

const book = (resourceId: string, start: string, minutes: number, date = D) =>
  createBooking(t.database.db, residentActor(gardens.orgId, residentId, gardens.households[5]), gardens.spaceId, { resourceId, date, start, minutes, purpose: 'leisure' }, 'self').catch((e: unknown) => e as SpacesError);

beforeAll(async () => {
  grantSpacesPermissions();
  t = await testApp();
  gardens = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  await relaxRules(t.database, gardens.spaceId);
  ids = Object.fromEntries((await q('select name, id from space_resources where space_id = $1', [gardens.spaceId])).map((r) => [r.name, r.id]));
  manager = t.client();
  await manager.signIn(demo('programme_manager'));
  residentId = await residentAccount(t.database, gardens.orgId, gardens.households[5], 'rules-resident@demo.palier.fr', 'Résidente des règles');
  resident = t.client();
  await resident.signIn('rules-resident@demo.palier.fr');
});

describe('rules per resource', () => {
  it('a resource overrides the space’s rules from its form; bad values come back at the field, kept; the override is audited', async () => {
    const form = await (await manager.get(`/staff/spaces/${gardens.spaceId}/resources/${ids.Serre}`)).text();
    expect(form).toContain('Règles propres à cette ressource');
    expect(form).toContain('Vide : comme l’espace (240).');
    const wd = weekday(D);
    const [a, b] = hourFields(wd);
    const base = { kind: 'item', name: 'Serre', units: '1', peopleCapacity: '', maxMinutes: '120', approvalRequired: 'yes', ownHours: 'on', [a]: '10:00', [b]: '14:00' };
    const bad = await manager.post(`/staff/spaces/${gardens.spaceId}/resources/${ids.Serre}`, { ...base, slotMinutes: '90' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez un multiple de la durée d’un créneau.');
    expect(html).toContain('value="90"');
    expect(html).toContain('value="10:00"');
    const noHours = await manager.post(`/staff/spaces/${gardens.spaceId}/resources/${ids.Serre}`, { ...base, [a]: '', [b]: '' });
    expect(noHours.status).toBe(422);
    expect(await noHours.text()).toContain('Donnez au moins une plage d’ouverture');
    expect((await q('select max_minutes, own_hours from space_resources where id = $1', [ids.Serre]))[0]).toEqual({ max_minutes: null, own_hours: false });
    const ok = await manager.post(`/staff/spaces/${gardens.spaceId}/resources/${ids.Serre}`, base);
    expect(ok.status).toBe(303);
    expect((await q('select max_minutes, approval_required, own_hours, slot_minutes from space_resources where id = $1', [ids.Serre]))[0]).toEqual({ max_minutes: 120, approval_required: true, own_hours: true, slot_minutes: null });
    expect(await q('select weekday, opens::text, closes::text from space_hours where resource_id = $1', [ids.Serre])).toEqual([{ weekday: wd, opens: '10:00:00', closes: '14:00:00' }]);
    // The space keeps its own hours, untouched by the resource's.
    expect((await q('select count(*)::int as n from space_hours where space_id = $1 and resource_id is null', [gardens.spaceId]))[0].n).toBe(7);
    const again = await (await manager.get(`/staff/spaces/${gardens.spaceId}/resources/${ids.Serre}`)).text();
    expect(again).toContain(`name="maxMinutes" type="text" value="120"`);
    expect(await (await manager.get(`/staff/spaces/${gardens.spaceId}/settings`)).text()).toContain('Règles propres');
    const audit = (await q("select details from audit_events where action = 'spaces.resource.update' and target_id = $1 order by id desc limit 1", [ids.Serre]))[0].details;
    expect(audit.ownRules).toEqual(['maxMinutes', 'approvalRequired', 'hours']);
  });

  it('bookings are checked against the resource’s effective rules: its length, its hours, its approval; the others keep the space’s', async () => {
    expect(((await book(ids.Serre, '10:00', 240)) as SpacesError).code).toBe('spaces.error.tooLong');
    expect(((await book(ids.Serre, '16:00', 120)) as SpacesError).code).toBe('spaces.error.outsideHours');
    expect(((await book(ids.Serre, '10:00', 120)) as { status: string }).status).toBe('pending');
    expect(((await book(ids['Carré potager 1'], '16:00', 240)) as { status: string }).status).toBe('confirmed');
    // The grid asks each cell with its resource's rules: the greenhouse is closed at 16:00, the plots are not.
    const grid = await withTenant(t.database.db, { orgId: gardens.orgId }, async (tx) => {
      const space = await findSpace(tx, gardens.spaceId);
      if (!space) throw new Error('no space');
      return dayAvailability(tx, space, D, new Date(), false);
    });
    const at = (start: string, name: string) => grid.rows.find((r) => r.start === start)?.cells.find((c) => c.resourceId === ids[name])?.state;
    expect(at('16:00', 'Serre')).toBe('closed');
    expect(at('12:00', 'Carré potager 2')).toBe('free');
    expect(at('12:00', 'Serre')).toBe('free');
  });

  it('a resource’s own weekly quota counts its own bookings only', async () => {
    await q('update space_resources set weekly_quota_minutes = 120 where id = $1', [ids['Carré potager 2']]);
    const monday = addDays(D, 1 - weekday(D));
    const other = weekday(D) === 1 ? addDays(D, 1) : monday;
    expect(((await book(ids['Carré potager 2'], '08:00', 120, other)) as { status: string }).status).toBe('confirmed');
    expect(((await book(ids['Carré potager 2'], '08:00', 120)) as SpacesError).code).toBe('spaces.error.quota');
    expect(((await book(ids['Carré potager 1'], '08:00', 120)) as { status: string }).status).toBe('confirmed');
  });
});

describe('exceptional closures and attendance settings on the settings page', () => {
  it('closes whole days (bad dates at the field, kept), refuses bookings then, shows the closure in the busy-times feed, and lifts it', async () => {
    const day = addDays(D, 7);
    const base = `/staff/spaces/${gardens.spaceId}`;
    const bad = await manager.post(`${base}/settings/closures`, { resourceId: '', fromDate: day, toDate: addDays(day, -1), reason: 'Travaux de la serre' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Le dernier jour ne peut pas précéder le premier.');
    expect(html).toContain('value="Travaux de la serre"');
    const made = await manager.post(`${base}/settings/closures`, { resourceId: '', fromDate: day, toDate: addDays(day, 1), reason: 'Travaux de la serre' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe(`${base}/settings?closed=1&affected=0`);
    const settings = await (await manager.get(`${base}/settings`)).text();
    expect(settings).toContain('Fermetures exceptionnelles');
    expect(settings).toContain('Travaux de la serre');
    expect(((await book(ids['Carré potager 1'], '10:00', 120, addDays(day, 1))) as SpacesError).code).toBe('spaces.error.closure');
    const feed = await resident.get(`/spaces/${gardens.spaceId}/busy.ics`);
    expect(feed.status).toBe(200);
    const cal = new ICAL.Component(ICAL.parse(await feed.text()));
    const closed = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).filter((e) => e.summary.startsWith('Fermé'));
    expect(closed.map((e) => e.summary)).toEqual(['Fermé — tout l’espace (Travaux de la serre)']);
    expect(closed[0].endDate.toJSDate().getTime() - closed[0].startDate.toJSDate().getTime()).toBe(2 * 86_400_000);
    const closureId = (await q("select id from space_closures where reason = 'Travaux de la serre'"))[0].id;
    expect((await manager.post(`${base}/settings/closures/${closureId}/remove`, {})).status).toBe(303);
    expect(((await book(ids['Carré potager 1'], '10:00', 120, addDays(day, 1))) as { status: string }).status).toBe('confirmed');
    expect((await q("select action from audit_events where target_id = $1 order by id", [closureId])).map((r) => r.action)).toEqual(['spaces.closure.create', 'spaces.closure.remove']);
  });

  it('edits the check-in grace, the no-show limit and the offer time (bad values at the field)', async () => {
    const page = await (await manager.get(`/staff/spaces/${gardens.spaceId}/settings`)).text();
    expect(page).toContain('Délai avant de libérer une réservation non honorée (minutes)');
    const fields: Record<string, string> = {};
    for (const m of page.matchAll(/<input id="f-([a-zA-Z0-9]+)" name="[^"]+" (?:type="[^"]+" )?(?:inputmode="numeric" )?value="([^"]*)"/g)) fields[m[1]] = m[2];
    for (const m of page.matchAll(/<select id="f-([a-zA-Z]+)"[^>]*>[\s\S]*?<option value="([^"]*)" selected=""/g)) fields[m[1]] = m[2];
    for (const name of ['holidaysClosed', 'active']) if (new RegExp(`name="${name}" checked=""`).test(page)) fields[name] = 'on';
    const bad = await manager.post(`/staff/spaces/${gardens.spaceId}/settings`, { ...fields, checkinGraceMinutes: '2', noShowLimit: '3', offerMinutes: '60' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Un nombre de minutes entre 5 et 240, ou vide.');
    const ok = await manager.post(`/staff/spaces/${gardens.spaceId}/settings`, { ...fields, checkinGraceMinutes: '15', noShowLimit: '3', offerMinutes: '60' });
    expect(ok.status).toBe(303);
    expect((await q('select checkin_grace_minutes, no_show_limit, offer_minutes from spaces where id = $1', [gardens.spaceId]))[0]).toEqual({ checkin_grace_minutes: 15, no_show_limit: 3, offer_minutes: 60 });
  });
});
