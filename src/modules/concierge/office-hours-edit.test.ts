import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { type Client, demo, testApp } from '../../../test/app.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: Client;
let landlordConcierge: Client;
let deskId: string;
let deskPlace: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ').replaceAll('&#39;', '’').replaceAll('&quot;', '"');
const day = (n: number) => {
  const d = new Date(`${todayInParis()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const hours = async () => (await q("select weekday, to_char(starts_at, 'HH24:MI') s, to_char(ends_at, 'HH24:MI') e, place from concierge_office_hours where desk_id = $1 order by weekday, starts_at", [deskId])).map((h) => `${h.weekday} ${h.s}-${h.e} ${h.place}`);
const closures = async () => (await q('select on_date::text d, note from concierge_closures where desk_id = $1 and on_date >= $2::date order by on_date', [deskId, todayInParis()])).map((c) => `${c.d} ${c.note}`);
const call = (path: string, secret: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  resident = t.client();
  landlordConcierge = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  expect((await landlordConcierge.signIn(demo('concierge'))).status).toBe(303);
  const [desk] = await q('select id, place from concierge_desks');
  deskId = desk.id;
  deskPlace = desk.place;
});

describe('the desk’s staff edit the weekly office hours (no JavaScript needed)', () => {
  it('the page lists the seeded sessions with empty lines to add; the desk links to it', async () => {
    expect(await (await staff.get('/concierge/desk')).text()).toContain('href="/concierge/desk/hours"');
    const page = plain(await (await staff.get('/concierge/desk/hours')).text());
    expect(page).toContain('Permanences et fermetures');
    const seeded = await hours();
    expect(seeded.length).toBeGreaterThan(0);
    expect(page).toContain(`name="hours.${seeded.length + 1}.weekday"`);
    expect(page).not.toContain(`name="hours.${seeded.length + 2}.weekday"`);
    expect(page).toContain('type="time"');
  });

  it('bad lines are refused beside their field in French and English, values kept, nothing written', async () => {
    const before = await hours();
    const res = await staff.post('/concierge/desk/hours', {
      'hours.0.weekday': '2', 'hours.0.startsAt': '17:00', 'hours.0.endsAt': '19:30', 'hours.0.place': 'Salle Arc-en-Ciel',
      'hours.1.weekday': '2', 'hours.1.startsAt': '18:00', 'hours.1.endsAt': '20:00', 'hours.1.place': '',
      'hours.2.weekday': '', 'hours.2.startsAt': '', 'hours.2.endsAt': '', 'hours.2.place': '',
      'hours.3.weekday': '4', 'hours.3.startsAt': '19:00', 'hours.3.endsAt': '18:00', 'hours.3.place': '',
      'hours.4.weekday': '9', 'hours.4.startsAt': '25:00', 'hours.4.endsAt': '10:00', 'hours.4.place': 'x',
    });
    expect(res.status).toBe(422);
    const html = plain(await res.text());
    expect(html).toContain('Cette permanence chevauche une autre du même jour.');
    expect(html).toContain('href="#f-hours.1.startsAt"');
    // The blank line is dropped: the Thursday line is shown third (index 2), its error there.
    expect(html).toContain('href="#f-hours.2.endsAt"');
    expect(html).toContain('L’heure de fin doit venir après l’heure de début.');
    expect(html).toContain('href="#f-hours.3.weekday"');
    expect(html).toContain('Choisissez un jour de la semaine.');
    expect(html).toContain('Indiquez une heure, par exemple 17:00.');
    expect(html).toContain('Indiquez le lieu, de 2 à 120 caractères.');
    expect(html).toContain('value="25:00"');
    expect(await hours()).toEqual(before);
    await staff.post('/language', { locale: 'en', next: '/concierge/desk' });
    const en = await staff.post('/concierge/desk/hours', { 'hours.0.weekday': '2', 'hours.0.startsAt': '17:00', 'hours.0.endsAt': '16:00', 'hours.0.place': '' });
    expect(en.status).toBe(422);
    expect(plain(await en.text())).toContain('The end time must come after the start time.');
    await staff.post('/language', { locale: 'fr', next: '/concierge/desk' });
    expect(await q("select 1 from audit_events where action = 'concierge.office_hours.updated'")).toHaveLength(0);
  });

  it('saves the week as typed ("17h30" read as 17:30, an empty place is the desk’s, a ticked line removed), audited; residents see the new sessions', async () => {
    const before = await hours();
    const res = await staff.post('/concierge/desk/hours', {
      'hours.0.weekday': '2', 'hours.0.startsAt': '17:00', 'hours.0.endsAt': '19:30', 'hours.0.place': 'Salle Arc-en-Ciel', 'hours.0.remove': 'on',
      'hours.1.weekday': '3', 'hours.1.startsAt': '9h', 'hours.1.endsAt': '11h30', 'hours.1.place': '',
      'hours.2.weekday': '6', 'hours.2.startsAt': '10:00', 'hours.2.endsAt': '12:00', 'hours.2.place': 'Local vélo',
      'hours.3.weekday': '', 'hours.3.startsAt': '', 'hours.3.endsAt': '', 'hours.3.place': '',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/concierge/desk/hours?done=hours');
    expect(await hours()).toEqual([`3 09:00-11:30 ${deskPlace}`, '6 10:00-12:00 Local vélo']);
    const [a] = await q("select actor_user_id, target_id, details from audit_events where action = 'concierge.office_hours.updated'");
    expect(a.target_id).toBe(deskId);
    expect(a.actor_user_id).not.toBeNull();
    expect(a.details.before.map((h: { weekday: number; startsAt: string; endsAt: string; place: string }) => `${h.weekday} ${h.startsAt}-${h.endsAt} ${h.place}`)).toEqual(before);
    expect(a.details.after).toEqual([
      { weekday: 3, startsAt: '09:00', endsAt: '11:30', place: deskPlace },
      { weekday: 6, startsAt: '10:00', endsAt: '12:00', place: 'Local vélo' },
    ]);
    const home = plain(await (await resident.get('/concierge')).text());
    expect(home).toContain('de 10:00 à 12:00 — Local vélo');
    expect(home).not.toContain('de 17:00 à 19:30');
  });

  it('only the desk’s staff: a resident 403, the landlord’s concierge (no desk) 404; nothing changes', async () => {
    const before = await hours();
    expect((await resident.get('/concierge/desk/hours')).status).toBe(403);
    expect((await resident.post('/concierge/desk/hours', { 'hours.0.weekday': '1', 'hours.0.startsAt': '08:00', 'hours.0.endsAt': '09:00', 'hours.0.place': 'Hall' })).status).toBe(403);
    expect((await landlordConcierge.get('/concierge/desk/hours')).status).toBe(404);
    expect((await landlordConcierge.post('/concierge/desk/hours', { 'hours.0.weekday': '1', 'hours.0.startsAt': '08:00', 'hours.0.endsAt': '09:00', 'hours.0.place': 'Hall' })).status).toBe(404);
    expect((await landlordConcierge.post('/concierge/desk/hours/closures', { from: day(3), reason: 'Grève' })).status).toBe(404);
    expect(await hours()).toEqual(before);
  });
});

describe('exceptional closures with their reason', () => {
  it('refuses a past day, an end before the start, too long a run, no reason — beside the field, nothing written', async () => {
    const before = await closures();
    for (const [fields, field, message] of [
      [{ from: day(-1), to: '', reason: 'Congés' }, 'from', 'Choisissez aujourd’hui ou un jour à venir.'],
      [{ from: day(5), to: day(4), reason: 'Congés' }, 'to', 'Choisissez un jour égal ou postérieur au premier jour.'],
      [{ from: day(5), to: day(5 + 62), reason: 'Congés' }, 'to', '62 jours au plus d’un coup'],
      [{ from: day(5), to: '', reason: ' ' }, 'reason', 'Indiquez le motif, de 2 à 200 caractères.'],
      [{ from: '2027-02-31', to: '', reason: 'Congés' }, 'from', 'Indiquez une date, par exemple 2026-12-08.'],
    ] as [Record<string, string>, string, string][]) {
      const res = await staff.post('/concierge/desk/hours/closures', fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      const html = plain(await res.text());
      expect(html).toContain(message);
      expect(html).toContain(`href="#f-${field}"`);
      expect(html).toContain(`value="${fields[field]}"`);
    }
    expect(await closures()).toEqual(before);
  });

  it('closes a run of days with its reason (audited), refuses a day already closed, shows the reason to residents and skips those days', async () => {
    const res = await staff.post('/concierge/desk/hours/closures', { from: day(7), to: day(13), reason: 'Formation de la concierge' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/concierge/desk/hours?done=closed');
    const added = (await closures()).filter((c) => c.endsWith('Formation de la concierge'));
    expect(added.map((c) => c.slice(0, 10))).toEqual([7, 8, 9, 10, 11, 12, 13].map(day));
    const [a] = await q("select details from audit_events where action = 'concierge.closure.added'");
    expect(a.details).toEqual({ from: day(7), to: day(13), days: 7, reason: 'Formation de la concierge' });
    const again = await staff.post('/concierge/desk/hours/closures', { from: day(13), to: day(14), reason: 'Autre' });
    expect(again.status).toBe(422);
    expect(plain(await again.text())).toContain('déjà fermée l’un de ces jours');
    expect(await q('select 1 from concierge_closures where on_date = $1::date', [day(14)])).toHaveLength(0);
    const home = plain(await (await resident.get('/concierge')).text());
    expect(home).toContain('Fermetures exceptionnelles');
    expect(home).toContain(': Formation de la concierge');
    const api = await (await call('/api/v1/concierge/office-hours', await apiTokenFor(t, demo('resident'), ['concierge.use']))).json();
    expect(api.closed).toContainEqual({ date: day(9), reason: 'Formation de la concierge' });
    for (const n of api.next) expect([7, 8, 9, 10, 11, 12, 13].map(day)).not.toContain(n.date);
  });

  it('reopens one day (audited); a day not closed is a field error', async () => {
    const res = await staff.post('/concierge/desk/hours/closures/remove', { date: day(9) });
    expect(res.status).toBe(303);
    expect(await q('select 1 from concierge_closures where on_date = $1::date', [day(9)])).toHaveLength(0);
    const [a] = await q("select details from audit_events where action = 'concierge.closure.removed'");
    expect(a.details).toEqual({ date: day(9), reason: 'Formation de la concierge' });
    const none = await staff.post('/concierge/desk/hours/closures/remove', { date: day(9) });
    expect(none.status).toBe(422);
    expect(plain(await none.text())).toContain('La conciergerie n’est pas fermée ce jour-là.');
  });
});

describe('/api/v1/concierge/desk/office-hours and closures with a token', () => {
  it('401/403/404; reads, replaces the week, closes and reopens with the page’s checks in French and English', async () => {
    const staffToken = await apiTokenFor(t, demo('partner_staff'), ['concierge.staff']);
    const noDesk = await apiTokenFor(t, demo('concierge'), ['concierge.staff']);
    const residentToken = await apiTokenFor(t, demo('resident'), ['concierge.use']);
    expect((await call('/api/v1/concierge/desk/office-hours', null)).status).toBe(401);
    expect((await call('/api/v1/concierge/desk/office-hours', residentToken)).status).toBe(403);
    expect((await call('/api/v1/concierge/desk/office-hours', noDesk)).status).toBe(404);
    expect((await call('/api/v1/concierge/desk/office-hours', noDesk, { hours: [] })).status).toBe(404);
    expect((await call('/api/v1/concierge/desk/closures', residentToken, { from: day(3), reason: 'x' })).status).toBe(403);

    const read = await call('/api/v1/concierge/desk/office-hours', staffToken);
    expect(read.status).toBe(200);
    const body = await read.json();
    expect(body.hours.map((h: { weekday: number; startsAt: string; endsAt: string; place: string }) => `${h.weekday} ${h.startsAt}-${h.endsAt} ${h.place}`)).toEqual(await hours());
    expect(body.closures.map((c: { date: string; reason: string }) => `${c.date} ${c.reason}`)).toEqual(await closures());

    const before = await hours();
    const bad = await call('/api/v1/concierge/desk/office-hours', staffToken, { hours: [{ weekday: 2, startsAt: '17:00', endsAt: '19:30' }, { weekday: 2, startsAt: '19:00', endsAt: '20:00', place: 'Hall' }, { weekday: 8, startsAt: '10:00', endsAt: '11:00' }] });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ 'hours.1.startsAt': 'Cette permanence chevauche une autre du même jour.', 'hours.2.weekday': 'Choisissez un jour de la semaine.' });
    const en = await call('/api/v1/concierge/desk/office-hours', staffToken, {}, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect((await en.json()).fields).toEqual({ hours: 'Give the list of the week’s sessions (empty to remove them all).' });
    expect(await hours()).toEqual(before);

    const ok = await call('/api/v1/concierge/desk/office-hours', staffToken, { hours: [{ weekday: 2, startsAt: '17:00', endsAt: '19:30' }, { weekday: 4, startsAt: '17:00', endsAt: '19:30', place: 'Salle Arc-en-Ciel' }] });
    expect(ok.status).toBe(200);
    expect(await hours()).toEqual([`2 17:00-19:30 ${deskPlace}`, '4 17:00-19:30 Salle Arc-en-Ciel']);
    expect((await ok.json()).hours).toHaveLength(2);

    const closed = await call('/api/v1/concierge/desk/closures', staffToken, { from: day(20), reason: 'Fête de quartier' });
    expect(closed.status).toBe(201);
    expect((await closed.json()).closures).toContainEqual({ date: day(20), reason: 'Fête de quartier' });
    const twice = await call('/api/v1/concierge/desk/closures', staffToken, { from: day(20), reason: 'Fête de quartier' }, { 'accept-language': 'en' });
    expect(twice.status).toBe(422);
    expect((await twice.json()).fields).toEqual({ from: 'The desk is already closed on one of these days: reopen it first or choose other dates.' });
    const badClosure = await call('/api/v1/concierge/desk/closures', staffToken, { from: day(-2), to: day(-3), reason: 'Congés' });
    expect(badClosure.status).toBe(422);
    expect((await badClosure.json()).fields).toEqual({ from: 'Choisissez aujourd’hui ou un jour à venir.', to: 'Choisissez un jour égal ou postérieur au premier jour.' });
    const noReason = await call('/api/v1/concierge/desk/closures', staffToken, {});
    expect((await noReason.json()).fields).toEqual({ from: 'Indiquez une date, par exemple 2026-12-08.', reason: 'Indiquez le motif, de 2 à 200 caractères.' });
    const reopened = await call('/api/v1/concierge/desk/closures/remove', staffToken, { date: day(20) });
    expect(reopened.status).toBe(200);
    expect(await q('select 1 from concierge_closures where on_date = $1::date', [day(20)])).toHaveLength(0);
    expect((await call('/api/v1/concierge/desk/closures/remove', staffToken, { date: day(20) })).status).toBe(422);
    expect(await q("select action from audit_events where action like 'concierge.closure.%' or action = 'concierge.office_hours.updated' order by id")).toHaveLength(6);
  });
});
