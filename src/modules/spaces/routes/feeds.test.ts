import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { fullIntervals } from '../queries/ical-feed.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;
let slug: string;
let household: string;
const D = workingDayAhead(20);
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  [{ slug }] = await q('select slug from organisations where id = $1', [cowork.orgId]);
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
  [{ household_id: household }] = await q("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr'");
  // All six desks taken 14:00–16:00 on D, five of them until 17:00: busy 14:00–16:00 only.
  const others = cowork.households.filter((h) => h !== household);
  for (let unit = 1; unit <= 6; unit++) {
    const until = unit === 6 ? '16:00' : '17:00';
    await q(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, $4, $5, tstzrange(($6::date + time '14:00') at time zone 'Europe/Paris', ($6::date + $7::time) at time zone 'Europe/Paris'), tstzrange(($6::date + time '14:00') at time zone 'Europe/Paris', ($6::date + $7::time) at time zone 'Europe/Paris'), 'confirmed')`,
      [cowork.orgId, cowork.spaceId, cowork.resourceId, unit, others[unit % others.length], D, until],
    );
  }
});

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
const events = (cal: ICAL.Component) => cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

describe('fullIntervals', () => {
  it('keeps only the spans where every unit is taken, joining back-to-back spans', () => {
    const at = (h: number) => new Date(Date.UTC(2027, 0, 4, h));
    expect(fullIntervals([{ start: at(9), end: at(11) }, { start: at(10), end: at(12) }], 2)).toEqual([{ start: at(10), end: at(11) }]);
    expect(fullIntervals([{ start: at(9), end: at(10) }, { start: at(10), end: at(11) }], 1)).toEqual([{ start: at(9), end: at(11) }]);
    expect(fullIntervals([{ start: at(9), end: at(10) }], 2)).toEqual([]);
  });
});

describe('a space’s busy-times feed', () => {
  it('is valid iCalendar with UTC times, shows when no desk is left and never who booked', async () => {
    const res = await resident.get(`/spaces/${cowork.spaceId}/busy.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const text = await res.text();
    const cal = parse(text);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    const onD = events(cal).filter((e) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(e.startDate.toJSDate()) === D);
    expect(onD).toHaveLength(1);
    const [start] = await q(`select (($1::date + time '14:00') at time zone 'Europe/Paris') s, (($1::date + time '16:00') at time zone 'Europe/Paris') e`, [D]);
    expect(onD[0].startDate.toJSDate().getTime()).toBe(start.s.getTime());
    expect(onD[0].endDate.toJSDate().getTime()).toBe(start.e.getTime());
    expect(onD[0].startDate.zone.tzid).toBe('UTC');
    expect(onD[0].summary).toBe('Occupé — Postes de travail');
    expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    const names = await q('select h.name from households h where h.id = any($1)', [cowork.households]);
    for (const { name } of names) if (name) expect(text).not.toContain(name);
    expect(text).not.toContain('ATTENDEE');
  });

  it('is reachable without sign-in only once the space is published; unknown and unpublished look the same', async () => {
    const address = `/c/${slug}/spaces/${cowork.spaceId}/busy.ics`;
    expect((await t.app.request(address)).status).toBe(404);
    expect((await t.client().get(`/spaces/${cowork.spaceId}/busy.ics`)).status).not.toBe(200);
    await q('update spaces set public_calendar = true where id = $1', [cowork.spaceId]);
    const res = await t.app.request(address);
    expect(res.status).toBe(200);
    expect(events(parse(await res.text())).length).toBeGreaterThan(0);
    expect((await t.app.request(`/c/nope/spaces/${cowork.spaceId}/busy.ics`)).status).toBe(404);
    await q('update spaces set public_calendar = false where id = $1', [cowork.spaceId]);
  });
});

describe('a person’s private feed', () => {
  it('is made from "My bookings", shown once, lists the household’s bookings, and stops answering when renewed or stopped', async () => {
    const page = await (await resident.get('/spaces/bookings')).text();
    expect(page).toContain('Créer mon adresse d’agenda');
    const made = await resident.post('/spaces/bookings/calendar', {});
    expect(made.status).toBe(200);
    const html = await made.text();
    const address = /value="(https?:\/\/[^"]+\/c\/[^"]+\/spaces-calendar\/[A-Za-z0-9_-]{43}\.ics)"/.exec(html)?.[1] as string;
    expect(address).toBeTruthy();
    const path = new URL(address).pathname;
    const token = path.split('/').pop()?.replace('.ics', '') as string;
    expect(JSON.stringify(await q('select * from space_calendar_feeds'))).not.toContain(token);
    const feed = await t.app.request(path);
    expect(feed.status).toBe(200);
    const mine = await q(`select id from space_bookings where household_id = $1 and upper(during) > now() - interval '30 days'`, [household]);
    const uids = events(parse(await feed.text())).map((e) => e.uid);
    expect(uids.sort()).toEqual(mine.map((r) => `${r.id}@palier`).sort());
    // Reloading the page never shows the address again.
    expect(await (await resident.get('/spaces/bookings')).text()).not.toContain(token);
    const renewed = await resident.post('/spaces/bookings/calendar', {});
    const second = /spaces-calendar\/([A-Za-z0-9_-]{43})\.ics/.exec(await renewed.text())?.[1] as string;
    expect(second).not.toBe(token);
    expect((await t.app.request(path)).status).toBe(404);
    const stopped = await resident.post('/spaces/bookings/calendar/stop', {});
    expect(stopped.headers.get('location')).toBe('/spaces/bookings?feed=stopped');
    expect((await t.app.request(`/c/${slug}/spaces-calendar/${second}.ics`)).status).toBe(404);
    expect((await q("select count(*)::int n from audit_events where action like 'spaces.calendar_feed.%'"))[0].n).toBe(3);
  });
});
