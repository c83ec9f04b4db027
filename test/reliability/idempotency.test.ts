import { beforeAll, describe, expect, it } from 'vitest';
import { demoSpace, relaxRules, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { testApp } from '../app.js';
import { asDemo, formFields, orgId, type TestApp } from '../security/helpers.js';

/**
 * Idempotency of bookings (issue 9, reliability 2; docs/security.md finding 7, fixed): the same key sent many times
 * at once makes one booking and every answer is the same; the same key with another request is refused (422 at the
 * key) and books nothing, on the resident's form and through the API.
 */
let t: TestApp;
const count = async (where = 'true', values: unknown[] = []) => (await t.database.owner.query(`select count(*)::int as n from space_bookings where ${where}`, values)).rows[0].n as number;
beforeAll(async () => {
  t = await testApp();
});

describe('idempotency keys', () => {
  it('makes one booking when the same booking form is sent 30 times at once, answers each the same, and refuses the key with another slot', async () => {
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
    const before = await count();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => resident.request(form?.action as string, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    );
    const after = await count();
    process.stdout.write(`idempotency: 30 concurrent sends → ${after - before} booking(s), answers ${JSON.stringify(answers.map((a) => a.status))}\n`);
    expect(answers.every((a) => a.status < 500)).toBe(true);
    expect(after - before).toBe(1);
    const places = new Set(answers.map((a) => a.headers.get('location')));
    expect(places.size).toBe(1);
    // The same key with another body is refused with the form's message, and makes nothing (finding 7).
    const other = new URLSearchParams(body);
    other.set('start', '16:00');
    const res = await resident.request(form?.action as string, { method: 'POST', body: other.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    process.stdout.write(`idempotency: same key, other body → ${res.status}\n`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Ce formulaire a déjà servi pour une autre réservation');
    expect(await count()).toBe(after);
  });

  it('answers 50 concurrent API sends of one key with one booking (one 201, 49 identical 200s) and the key with another request with 422', async () => {
    const space = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
    await relaxRules(t.database, space.spaceId);
    const [m] = (await t.database.owner.query("select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = 'resident-sotteville@demo.palier.fr'")).rows;
    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await t.database.owner.query('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Storm', hashSecret(secret), ['spaces.resident'], m.user_id]);
    const key = `book-${crypto.randomUUID()}`;
    const slot = { resourceId: space.resourceId, date: workingDayAhead(41), start: '10:00', minutes: 60, purpose: 'telework' };
    const send = (body: unknown, locale = 'fr') =>
      t.app.request(`/api/v1/spaces/${space.spaceId}/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': locale, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(slot)));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { id: string; status: string; replayed: boolean }[];
    const statuses = answers.map((a) => a.status);
    const ids = new Set(bodies.map((b) => b.id));
    process.stdout.write(`idempotency: booking API × 50 → 201 × ${statuses.filter((s) => s === 201).length}, 200 × ${statuses.filter((s) => s === 200).length}, ${ids.size} booking id(s)\n`);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(ids.size).toBe(1);
    expect(bodies.filter((b) => b.replayed)).toHaveLength(49);
    expect(new Set(bodies.map((b) => JSON.stringify({ ...b, replayed: undefined }))).size).toBe(1);
    expect(await count('idempotency_key = $1', [key])).toBe(1);
    const made = await count();
    // Another start, another length, another purpose: each 422 at Idempotency-Key, in the caller's language; nothing booked.
    for (const [change, locale, text] of [
      [{ start: '11:00' }, 'fr', 'Cette clé Idempotency-Key a déjà servi pour une autre réservation : envoyez une nouvelle clé.'],
      [{ minutes: 90 }, 'en', 'This Idempotency-Key was already used for another booking: send a new key.'],
      [{ purpose: 'training' }, 'fr', 'Cette clé Idempotency-Key a déjà servi pour une autre réservation : envoyez une nouvelle clé.'],
    ] as const) {
      const res = await send({ ...slot, ...change }, locale);
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(await res.json()).toMatchObject({ error: 'invalid_body', fields: { 'Idempotency-Key': text } });
    }
    expect(await count()).toBe(made);
    // The identical request still answers the first booking.
    const again = await send(slot);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe([...ids][0]);
  });
});
