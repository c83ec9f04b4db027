import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../app.js';
import { asDemo, formFields, orgId, type TestApp } from '../security/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

describe('idempotency keys', () => {
  it('makes one booking when the same booking form is sent 30 times at once, and answers each the same', async () => {
    const owner = t.database.owner;
    const org = await orgId(owner, 'plurial-novilia');
    const space = (await owner.query('select id from spaces where organisation_id = $1 order by id', [org])).rows[0].id;
    const resident = await asDemo(t, 'resident');
    const date = new Date(Date.now() + 9 * 86400_000).toISOString().slice(0, 10);
    const html = await (await resident.get(`/spaces/${space}/book?date=${date}&start=14:00`)).text();
    const form = formFields(html, /\/book$/);
    expect(form?.fields.some(([k]) => k === 'idempotencyKey')).toBe(true);
    const body = new URLSearchParams(form?.fields);
    body.set('_csrf', await resident.csrf());
    const before = (await owner.query('select count(*)::int as n from space_bookings')).rows[0].n;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => resident.request(form?.action as string, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    );
    const after = (await owner.query('select count(*)::int as n from space_bookings')).rows[0].n;
    process.stdout.write(`idempotency: 30 concurrent sends → ${after - before} booking(s), answers ${JSON.stringify(answers.map((a) => a.status))}\n`);
    expect(answers.every((a) => a.status < 500)).toBe(true);
    expect(after - before).toBe(1);
    const places = new Set(answers.map((a) => a.headers.get('location')));
    expect(places.size).toBe(1);
    // The same key with another body is refused, and makes nothing.
    const other = new URLSearchParams(body);
    other.set('start', '16:00');
    const res = await resident.request(form?.action as string, { method: 'POST', body: other.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    process.stdout.write(`idempotency: same key, other body → ${res.status}\n`);
    expect((await owner.query('select count(*)::int as n from space_bookings')).rows[0].n).toBe(after);
  });
});
