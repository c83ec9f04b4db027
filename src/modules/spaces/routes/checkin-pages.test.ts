import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../../test/app.js';
import { checkinCode } from '../domain/checkin-code.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { type DemoSpace, demoSpace } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let resident: Client;
let facilitator: Client;
let booking: string;
let mine: string;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  resident = t.client();
  await resident.signIn('resident-sotteville@demo.palier.fr');
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
  mine = (await q("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr'")).rows[0].household_id;
  // A booking of the resident's household running now (whatever the hour), on a seat the demo leaves free.
  await q('update space_resources set units = 20 where id = $1', [cowork.resourceId]);
  const org = cowork.orgId;
  const start = new Date(Date.now() - 30 * 60_000);
  const end = new Date(Date.now() + 60 * 60_000);
  booking = (await q("insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, 20, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), 'confirmed') returning id", [org, cowork.spaceId, cowork.resourceId, mine, start, end])).rows[0].id;
});

describe('self check-in with the code of the day', () => {
  it('the staff screen shows a six-digit code that changes each day', async () => {
    const page = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}/screen`)).text();
    const code = /data-code="?[^>]*>(\d{6})</.exec(page)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const secret = (await q('select checkin_secret as secret from spaces where id = $1', [cowork.spaceId])).rows[0].secret;
    const today = parisParts(new Date()).date;
    expect(checkinCode(secret, cowork.spaceId, today)).toBe(code);
    expect(checkinCode(secret, cowork.spaceId, addDays(today, 1))).not.toBe(code);
    expect((await resident.get(`/staff/spaces/${cowork.spaceId}/screen`)).status).toBe(403);
  });

  it('a wrong code is a field error with the value kept; the right one checks the resident in; “My bookings” links there only while check-in is open', async () => {
    const before = await (await resident.get('/spaces/bookings')).text();
    expect(before).toContain(`href="/spaces/bookings/${booking}/checkin"`);
    const form = await (await resident.get(`/spaces/bookings/${booking}/checkin`)).text();
    expect(form).toContain('Code affiché à l’accueil');
    const badFormat = await resident.post(`/spaces/bookings/${booking}/checkin`, { code: '12a' });
    expect(badFormat.status).toBe(422);
    expect(await badFormat.text()).toContain('Le code a six chiffres.');
    const secret = (await q('select checkin_secret as secret from spaces where id = $1', [cowork.spaceId])).rows[0].secret;
    const right = checkinCode(secret, cowork.spaceId, parisParts(new Date()).date);
    const wrongCode = right === '000000' ? '000001' : '000000';
    const wrong = await resident.post(`/spaces/bookings/${booking}/checkin`, { code: wrongCode });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('Ce n’est pas le code du jour');
    expect(html).toContain(`value="${wrongCode}"`);
    expect((await q('select checked_in_at from space_bookings where id = $1', [booking])).rows[0].checked_in_at).toBeNull();
    const ok = await resident.post(`/spaces/bookings/${booking}/checkin`, { code: right });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, `/spaces/bookings/${booking}/checkin?done=1`]);
    expect((await q('select checked_in_at is not null as ok, checked_in_by from space_bookings where id = $1', [booking])).rows[0].ok).toBe(true);
    expect(await (await resident.get('/spaces/bookings')).text()).not.toContain(`href="/spaces/bookings/${booking}/checkin"`);
  });

  it('another household’s booking is 404, and five wrong codes in a quarter of an hour throttle the account', async () => {
    const stranger = cowork.households.find((h) => h !== mine) as string;
    const other = (await q("insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, 18, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), 'confirmed') returning id", [cowork.orgId, cowork.spaceId, cowork.resourceId, stranger, new Date(Date.now() - 60_000), new Date(Date.now() + 3_600_000)])).rows[0].id;
    expect((await resident.get(`/spaces/bookings/${other}/checkin`)).status).toBe(404);
    expect((await resident.post(`/spaces/bookings/${other}/checkin`, { code: '123456' })).status).toBe(404);
    const start = new Date(Date.now() - 10 * 60_000);
    const end = new Date(Date.now() + 50 * 60_000);
    const next = (await q("insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, 19, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), 'confirmed') returning id", [cowork.orgId, cowork.spaceId, cowork.resourceId, mine, start, end])).rows[0].id;
    const secret = (await q('select checkin_secret as secret from spaces where id = $1', [cowork.spaceId])).rows[0].secret;
    const right = checkinCode(secret, cowork.spaceId, parisParts(new Date()).date);
    const wrongCode = right === '999999' ? '999998' : '999999';
    // One wrong code was already typed in the previous test: four more reach the limit.
    for (let i = 0; i < 4; i++) expect((await resident.post(`/spaces/bookings/${next}/checkin`, { code: wrongCode })).status).toBe(422);
    const blocked = await resident.post(`/spaces/bookings/${next}/checkin`, { code: right });
    expect(blocked.status).toBe(422);
    expect(await blocked.text()).toContain('Trop de codes erronés');
    expect((await q('select checked_in_at from space_bookings where id = $1', [next])).rows[0].checked_in_at).toBeNull();
  });
});
