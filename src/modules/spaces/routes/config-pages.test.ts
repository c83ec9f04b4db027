import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { hourFields } from '../config-schemas.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Client;
let concierge: Client;
let gardens: DemoSpace;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);
const D = workingDayAhead(12);

/** Every field of the space form, as a browser sends it, from the settings page's current values plus changes. */
async function settingsFields(spaceId: string, changes: Record<string, string> = {}): Promise<Record<string, string>> {
  const html = await (await manager.get(`/staff/spaces/${spaceId}/settings`)).text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input id="f-([a-zA-Z0-9]+)" name="[^"]+" (?:type="[^"]+" )?value="([^"]*)"/g)) fields[m[1]] = m[2];
  for (const m of html.matchAll(/<input id="f-([a-zA-Z0-9]+)" name="[^"]+" (?:type="[^"]+" )?(?:inputmode="numeric" )?value="([^"]*)"/g)) fields[m[1]] = m[2];
  for (const m of html.matchAll(/<select id="f-([a-zA-Z]+)"[^>]*>[\s\S]*?<option value="([^"]*)" selected=""/g)) fields[m[1]] = m[2];
  for (const name of ['approvalRequired', 'holidaysClosed', 'active']) if (new RegExp(`name="${name}" checked=""`).test(html)) fields[name] = 'on';
  fields.description = /<textarea id="f-description"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
  fields.houseRules = /<textarea id="f-houseRules"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
  return { ...fields, ...changes };
}

beforeAll(async () => {
  t = await testApp();
  gardens = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  await relaxRules(t.database, gardens.spaceId);
  manager = t.client();
  await manager.signIn(demo('programme_manager'));
  concierge = t.client();
  await concierge.signIn(demo('concierge'));
});

describe('the programme manager configures a space without code', () => {
  it('creates a space (bad input kept with field errors, nothing written), adds seats, and the change is audited', async () => {
    const place = (await q("select p.id from common_places p join organisations o on o.id = p.organisation_id where o.slug = 'plurial-novilia' order by p.name limit 1")).rows[0].id;
    const form = await (await manager.get('/staff/spaces/new')).text();
    expect(form).toContain('Heures d’ouverture');
    const base = { kind: 'coworking', commonPlaceId: place, name: 'Coworking du Lac', description: 'Quatre postes', houseRules: 'Pas de repas sur les postes.', slotMinutes: '60', minMinutes: '60', maxMinutes: '90', horizonDays: '30', noticeMinutes: '0', cancelNoticeMinutes: '0', weeklyQuotaHours: '', bufferMinutes: '0', holidaysClosed: 'on', active: 'on', h2a: '09:00', h2b: '12:00', h2c: '11:00', h2d: '18:00' };
    const bad = await manager.post('/staff/spaces/new', base);
    const html = await bad.text();
    expect(bad.status).toBe(422);
    expect(html).toContain('Indiquez un multiple de la durée d’un créneau.');
    expect(html).toContain('Vérifiez les heures');
    expect(html).toContain('value="Coworking du Lac"');
    expect(html).toContain('Pas de repas sur les postes.');
    expect((await q("select count(*)::int as n from spaces where name = 'Coworking du Lac'")).rows[0].n).toBe(0);
    const made = await manager.post('/staff/spaces/new', { ...base, maxMinutes: '180', h2c: '14:00' });
    expect(made.status).toBe(303);
    const id = (made.headers.get('location') as string).split('/')[3];
    const space = (await q('select house_rules, max_minutes, residence_id from spaces where id = $1', [id])).rows[0];
    expect(space.house_rules).toBe('Pas de repas sur les postes.');
    expect((await q('select weekday, opens::text, closes::text from space_hours where space_id = $1 order by opens', [id])).rows).toEqual([
      { weekday: 2, opens: '09:00:00', closes: '12:00:00' },
      { weekday: 2, opens: '14:00:00', closes: '18:00:00' },
    ]);
    expect(await (await manager.get(`/staff/spaces/${id}/settings`)).text()).toContain('Pas de repas sur les postes.');
    const seats = await manager.post(`/staff/spaces/${id}/resources`, { kind: 'seats', name: 'Postes', units: '4', peopleCapacity: '' });
    expect(seats.status).toBe(303);
    const room = await manager.post(`/staff/spaces/${id}/resources`, { kind: 'room', name: 'Bureau', units: '3', peopleCapacity: '' });
    expect(room.status).toBe(422);
    expect(await room.text()).toContain('Une salle entière ou un objet compte pour 1.');
    expect((await q('select kind, units from space_resources where space_id = $1', [id])).rows).toEqual([{ kind: 'seats', units: 4 }]);
    expect(await (await manager.get(`/staff/spaces/${id}/settings`)).text()).toContain('4 places');
    const actions = (await q("select action from audit_events where target_id = $1 or details->>'spaceId' = $1 order by id", [id])).rows.map((r) => r.action);
    expect(actions).toEqual(['spaces.space.create', 'spaces.resource.create']);
  });

  it('keeps bookings when the hours change, and flags those that no longer fit on the settings page and the board', async () => {
    const made = await concierge.post(`/staff/spaces/${gardens.spaceId}/bookings`, { resourceId: gardens.resourceId, date: D, start: '18:00', minutes: '120', purpose: 'leisure', householdId: gardens.households[0], idempotencyKey: 'config-misfit-0001' });
    expect(made.status).toBe(303);
    const wd = new Date(`${D}T12:00:00Z`).getUTCDay() || 7;
    const fields = await settingsFields(gardens.spaceId, { [hourFields(wd)[1]]: '18:00' });
    const saved = await manager.post(`/staff/spaces/${gardens.spaceId}/settings`, fields);
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `/staff/spaces/${gardens.spaceId}/settings?saved=1`]);
    expect((await q("select status from space_bookings where idempotency_key = 'config-misfit-0001'")).rows[0].status).toBe('confirmed');
    const settings = await (await manager.get(`/staff/spaces/${gardens.spaceId}/settings?saved=1`)).text();
    expect(settings).toContain('Les réglages sont enregistrés');
    expect(settings).toMatch(/\d+ réservations? à venir ne respecte/);
    expect(settings).toContain('hors des heures d’ouverture actuelles');
    const board = await (await concierge.get(`/staff/spaces/${gardens.spaceId}?date=${D}`)).text();
    expect(board).toContain('Ne respecte plus les règles : hors des heures d’ouverture actuelles');
    const audit = (await q("select details from audit_events where action = 'spaces.space.update' and target_id = $1", [gardens.spaceId])).rows[0].details;
    expect(audit.misfits).toBeGreaterThanOrEqual(1);
  });

  it('refuses to retire a resource with bookings ahead unless told to cancel them, then cancels them with a notice each', async () => {
    const plot = (await q("select id from space_resources where space_id = $1 and name = 'Carré potager 2'", [gardens.spaceId])).rows[0].id;
    for (const [i, start] of ['10:00', '12:00'].entries()) {
      const r = await concierge.post(`/staff/spaces/${gardens.spaceId}/bookings`, { resourceId: plot, date: D, start, minutes: '120', purpose: 'leisure', householdId: gardens.households[i + 1], idempotencyKey: `config-retire-000${i}` });
      expect(r.status).toBe(303);
    }
    const page = await (await manager.get(`/staff/spaces/${gardens.spaceId}/resources/${plot}`)).text();
    expect(page).toMatch(/réservations? à venir utilise/);
    const refused = await manager.post(`/staff/spaces/${gardens.spaceId}/resources/${plot}/remove`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Rien n’a été retiré');
    expect((await q('select active from space_resources where id = $1', [plot])).rows[0].active).toBe(true);
    const notices = Number((await q('select count(*) from notifications')).rows[0].count);
    const done = await manager.post(`/staff/spaces/${gardens.spaceId}/resources/${plot}/remove`, { cancelBookings: 'on' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/resource=retired&cancelled=\d+/);
    expect((await q('select active from space_resources where id = $1', [plot])).rows[0].active).toBe(false);
    expect((await q("select distinct status from space_bookings where resource_id = $1 and upper(during) > now() and status <> 'cancelled'", [plot])).rows).toEqual([]);
    expect(Number((await q('select count(*) from notifications')).rows[0].count)).toBeGreaterThanOrEqual(notices + 2);
    expect((await q("select details from audit_events where action = 'spaces.resource.retire' and target_id = $1", [plot])).rows[0].details.cancelledBookings).toBeGreaterThanOrEqual(2);
    // Retired: residents no longer see it in the booking form.
    expect(await (await concierge.get(`/staff/spaces/${gardens.spaceId}?date=${D}`)).text()).not.toContain('>Carré potager 2</option>');
  });

  it('shows the house rules to residents before they book', async () => {
    const room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
    const fields = await settingsFields(room.spaceId, { houseRules: 'Rendre la clé au gardien.' });
    expect((await manager.post(`/staff/spaces/${room.spaceId}/settings`, fields)).status).toBe(303);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const form = await (await resident.get(`/spaces/${room.spaceId}/book`)).text();
    expect(form).toContain('Règlement intérieur');
    expect(form).toContain('Rendre la clé au gardien.');
  });

  it('publishes the busy times at a public address only when the manager ticks it', async () => {
    const room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
    const slug = (await q('select slug from organisations where id = $1', [room.orgId])).rows[0].slug;
    const address = `/c/${slug}/spaces/${room.spaceId}/busy.ics`;
    expect(await (await manager.get(`/staff/spaces/${room.spaceId}/settings`)).text()).toContain('name="publicCalendar"');
    expect((await t.app.request(address)).status).toBe(404);
    expect((await manager.post(`/staff/spaces/${room.spaceId}/settings`, await settingsFields(room.spaceId, { publicCalendar: 'on' }))).status).toBe(303);
    expect((await q('select public_calendar from spaces where id = $1', [room.spaceId])).rows[0].public_calendar).toBe(true);
    const feed = await t.app.request(address);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    expect((await manager.post(`/staff/spaces/${room.spaceId}/settings`, await settingsFields(room.spaceId))).status).toBe(303);
    expect((await t.app.request(address)).status).toBe(404);
  });

  it('sets quotas in bookings per week and in hours or bookings per month, on the space and on a resource (bad values kept at the field)', async () => {
    const page = await (await manager.get(`/staff/spaces/${gardens.spaceId}/settings`)).text();
    expect(page).toContain('Quota par foyer et par mois (nombre de réservations)');
    const bad = await manager.post(`/staff/spaces/${gardens.spaceId}/settings`, await settingsFields(gardens.spaceId, { weeklyQuotaBookings: '0', monthlyQuotaBookings: 'beaucoup' }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez un nombre entier de réservations (au moins 1), ou laissez vide.');
    expect(html).toContain('value="beaucoup"');
    const ok = await manager.post(`/staff/spaces/${gardens.spaceId}/settings`, await settingsFields(gardens.spaceId, { weeklyQuotaBookings: '3', monthlyQuotaHours: '20', monthlyQuotaBookings: '8' }));
    expect(ok.status).toBe(303);
    expect((await q('select weekly_quota_bookings, monthly_quota_minutes, monthly_quota_bookings from spaces where id = $1', [gardens.spaceId])).rows[0]).toEqual({ weekly_quota_bookings: 3, monthly_quota_minutes: 1200, monthly_quota_bookings: 8 });
    expect(await (await manager.get(`/staff/spaces/${gardens.spaceId}/settings`)).text()).toMatch(/name="monthlyQuotaBookings" type="text" value="8"/);
    const plot = (await q("select id from space_resources where space_id = $1 and active order by position limit 1", [gardens.spaceId])).rows[0].id;
    const form = await (await manager.get(`/staff/spaces/${gardens.spaceId}/resources/${plot}`)).text();
    expect(form).toContain("Vide : comme l’espace (8).");
    const own = await manager.post(`/staff/spaces/${gardens.spaceId}/resources/${plot}`, { kind: 'item', name: 'Carré potager 1', units: '1', peopleCapacity: '', weeklyQuotaBookings: '1' });
    expect(own.status).toBe(303);
    expect((await q('select weekly_quota_bookings, monthly_quota_bookings from space_resources where id = $1', [plot])).rows[0]).toEqual({ weekly_quota_bookings: 1, monthly_quota_bookings: null });
    await relaxRules(t.database, gardens.spaceId);
  });

  it('refuses to switch a space off while bookings are ahead unless the manager cancels them; then each household is told', async () => {
    const bikes = await demoSpace(t.database, 'Vélos électriques de Réma’Vert');
    await relaxRules(t.database, bikes.spaceId);
    for (const [i, start] of ['10:00', '14:00'].entries()) {
      const r = await concierge.post(`/staff/spaces/${bikes.spaceId}/bookings`, { resourceId: bikes.resourceId, date: D, start, minutes: '60', purpose: 'leisure', householdId: bikes.households[i], idempotencyKey: `close-space-000${i}` });
      expect(r.status).toBe(303);
    }
    const ahead = Number((await q("select count(*) from space_bookings where space_id = $1 and status in ('pending', 'confirmed', 'offered') and upper(during) > now()", [bikes.spaceId])).rows[0].count);
    expect(ahead).toBeGreaterThanOrEqual(2);
    const refused = await manager.post(`/staff/spaces/${bikes.spaceId}/settings`, await settingsFields(bikes.spaceId, { active: '', horizonDays: '25' }));
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain(`${ahead} réservations à venir dans cet espace : rien n’a été enregistré.`);
    expect(html).toContain(`Annuler ces ${ahead} réservations et prévenir les foyers`);
    expect(html).toContain('value="25"');
    expect((await q('select active, horizon_days from spaces where id = $1', [bikes.spaceId])).rows[0]).toEqual({ active: true, horizon_days: 200 });
    const notices = Number((await q('select count(*) from notifications')).rows[0].count);
    const done = await manager.post(`/staff/spaces/${bikes.spaceId}/settings`, await settingsFields(bikes.spaceId, { active: '', cancelBookings: 'on' }));
    expect([done.status, done.headers.get('location')]).toEqual([303, `/staff/spaces/${bikes.spaceId}/settings?saved=1&cancelled=${ahead}`]);
    expect((await q('select active from spaces where id = $1', [bikes.spaceId])).rows[0].active).toBe(false);
    expect((await q("select count(*)::int n from space_bookings where space_id = $1 and status in ('pending', 'confirmed', 'offered') and upper(during) > now()", [bikes.spaceId])).rows[0].n).toBe(0);
    expect(Number((await q('select count(*) from notifications')).rows[0].count)).toBeGreaterThanOrEqual(notices + 2);
    expect((await q("select details from audit_events where action = 'spaces.space.update' and target_id = $1 order by id desc limit 1", [bikes.spaceId])).rows[0].details).toMatchObject({ closed: true, cancelledBookings: ahead });
    expect(await (await manager.get(`/staff/spaces/${bikes.spaceId}/settings?saved=1&cancelled=${ahead}`)).text()).toContain(`L’espace est fermé aux réservations ; ${ahead} réservations annulées, les foyers sont prévenus.`);
    // Closed: nobody books it; put back, it takes bookings again (nothing to cancel when opening).
    expect((await concierge.post(`/staff/spaces/${bikes.spaceId}/bookings`, { resourceId: bikes.resourceId, date: D, start: '10:00', minutes: '60', purpose: 'leisure', householdId: bikes.households[0], idempotencyKey: 'close-space-0009' })).status).not.toBe(303);
    expect((await manager.post(`/staff/spaces/${bikes.spaceId}/settings`, await settingsFields(bikes.spaceId, { active: 'on' }))).status).toBe(303);
    expect((await q('select active from spaces where id = $1', [bikes.spaceId])).rows[0].active).toBe(true);
  });

  it('keeps the configuration to programme managers and administrators', async () => {
    expect((await concierge.get('/staff/spaces/new')).status).toBe(403);
    expect((await concierge.get(`/staff/spaces/${gardens.spaceId}/settings`)).status).toBe(403);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.post(`/staff/spaces/${gardens.spaceId}/settings`, {})).status).toBe(403);
    const sotteville = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
    expect((await manager.get(`/staff/spaces/${sotteville.spaceId}/settings`)).status).toBe(404);
    expect((await manager.post(`/staff/spaces/${sotteville.spaceId}/resources/${sotteville.resourceId}/remove`, { cancelBookings: 'on' })).status).toBe(404);
    expect((await q('select active from space_resources where id = $1', [sotteville.resourceId])).rows[0].active).toBe(true);
  });
});
