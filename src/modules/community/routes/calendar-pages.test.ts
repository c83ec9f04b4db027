import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: Client;

const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function newEvent(title: string, registration: 'open' | 'approval', days: number): Promise<string> {
  const made = await staff.post('/community/manage/events/new', { title, category: 'workshop', address: 'Jardin partagé', date: inDays(days), startTime: '17:30', endTime: '19:00', capacity: '10', registration });
  return (made.headers.get('location') as string).split('/')[4].split('?')[0];
}

/** Parses with ical.js (a real RFC 5545 parser) and checks what the RFC requires of every event. */
function parse(text: string): Map<string, ICAL.Event> {
  expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
  const out = new Map<string, ICAL.Event>();
  for (const v of cal.getAllSubcomponents('vevent')) {
    const e = new ICAL.Event(v);
    expect(e.uid).toMatch(/^[0-9a-f-]{36}@palier-community$/);
    const stamp = v.getFirstPropertyValue('dtstamp') as ICAL.Time;
    expect(stamp.zone?.tzid).toBe('UTC');
    // Times in UTC, so no VTIMEZONE is needed and every calendar shows them in its own zone.
    expect(e.startDate.zone?.tzid).toBe('UTC');
    out.set(e.uid.split('@')[0], e);
  }
  return out;
}

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  await staff.signIn(demo('facilitator'));
  resident = t.client();
  await resident.signIn(demo('resident'));
});

describe('calendar files and the private feed', () => {
  it('gives an activity’s .ics that a real parser reads, at the right instant (17:30 in Paris)', async () => {
    const id = await newEvent('Atelier vélo', 'open', 20);
    const res = await resident.get(`/community/events/${id}/calendar.ics`);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const e = parse(await res.text()).get(id) as ICAL.Event;
    const [row] = await q(`select starts_at, ends_at from community_events where id = $1`, [id]);
    expect(e.startDate.toJSDate().getTime()).toBe(row.starts_at.getTime());
    expect(e.endDate.toJSDate().getTime()).toBe(row.ends_at.getTime());
    expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(e.startDate.toJSDate())).toBe('17:30');
    expect(e.summary).toBe('Atelier vélo');
    expect(e.location).toBe('Jardin partagé');
  });

  it('feeds the person’s activities through a secret address that is kept hashed, follows changes, and stops when renewed or stopped', async () => {
    const confirmed = await newEvent('Atelier couture', 'open', 10);
    const asked = await newEvent('Sortie au musée', 'approval', 12);
    const dropped = await newEvent('Atelier cuisine', 'open', 14);
    for (const id of [confirmed, asked, dropped]) expect((await resident.post(`/community/events/${id}/register`, { adults: '1' })).status).toBe(303);
    const [reg] = await q(`select r.id from community_registrations r where r.event_id = $1 and r.status <> 'cancelled'`, [dropped]);
    await resident.post(`/community/registrations/${reg.id}/cancel`, { next: `/community/events/${dropped}` });

    const before = await (await resident.get('/community/mine')).text();
    expect(before).toContain('Atelier couture');
    expect(before).toContain('Votre inscription : à valider');
    expect(before).not.toContain('Atelier cuisine');
    expect(before).toContain('Ce service n’est pas activé.');

    const made = await resident.post('/community/mine/calendar', {});
    expect(made.status).toBe(200);
    const html = await made.text();
    const token = /\/c\/plurial-novilia\/calendar\/([A-Za-z0-9_-]{43})\.ics/.exec(html)?.[1] as string;
    expect(token).toBeTruthy();
    expect(html).toContain(`href="webcal://`);
    const stored = await q(`select token_hash from community_calendar_feeds where revoked_at is null`);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(await (await resident.get('/community/mine')).text()).not.toContain(token);

    // A calendar app has no session.
    const app = t.client();
    const feedUrl = `/c/plurial-novilia/calendar/${token}.ics`;
    const res = await app.get(feedUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = await res.text();
    expect(text).toContain('REFRESH-INTERVAL');
    let events = parse(text);
    expect(events.get(confirmed)?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(events.get(asked)?.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(events.has(dropped)).toBe(false);
    const [row] = await q(`select starts_at from community_events where id = $1`, [confirmed]);
    expect(events.get(confirmed)?.startDate.toJSDate().getTime()).toBe(row.starts_at.getTime());
    // Nothing about people in the feed: the activities' public facts only.
    expect(text).not.toMatch(/ATTENDEE|ORGANIZER|@demo\.palier\.fr/);

    // The activity is cancelled: the same UID comes back CANCELLED, so the phone drops it.
    await staff.post(`/community/manage/events/${confirmed}/cancel`, { reason: 'Salle indisponible' });
    events = parse(await (await app.get(feedUrl)).text());
    expect(events.get(confirmed)?.component.getFirstPropertyValue('status')).toBe('CANCELLED');

    // Another landlord's address, a made-up secret: not found.
    expect((await app.get(`/c/logirep/calendar/${token}.ics`)).status).toBe(404);
    expect((await app.get(`/c/plurial-novilia/calendar/${'x'.repeat(43)}.ics`)).status).toBe(404);

    // A new address stops the old one; stopping stops the new one.
    const renewed = /\/calendar\/([A-Za-z0-9_-]{43})\.ics/.exec(await (await resident.post('/community/mine/calendar', {})).text())?.[1] as string;
    expect(renewed).not.toBe(token);
    expect((await app.get(feedUrl)).status).toBe(404);
    expect((await app.get(`/c/plurial-novilia/calendar/${renewed}.ics`)).status).toBe(200);
    expect((await resident.get('/community/mine')).status).toBe(200);
    const stop = await resident.post('/community/mine/calendar/stop', {});
    expect(stop.headers.get('location')).toBe('/community/mine?done=stopped');
    expect((await app.get(`/c/plurial-novilia/calendar/${renewed}.ics`)).status).toBe(404);
    expect(await (await resident.get(stop.headers.get('location') as string)).text()).toContain('l’adresse de votre agenda ne marche plus');
    const actions = await q(`select action, details from audit_events where action like 'community.calendar_feed.%' order by id`);
    expect(actions.map((a) => a.action)).toEqual(['community.calendar_feed.create', 'community.calendar_feed.create', 'community.calendar_feed.revoke']);
    expect(actions[1].details.replaced).toHaveLength(1);
  });
});
