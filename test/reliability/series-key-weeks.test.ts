import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/modules/spaces/domain/paris-time.js';
import { demoSpace, relaxRules, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { apiTokenFor } from '../api-token.js';
import { testApp } from '../app.js';
import { browserFor, userId } from '../security/helpers.js';

/**
 * A weekly series' Idempotency-Key covers its number of weeks and its first week (issue 9, reliability 2): the
 * same key with 5 or 3 weeks instead of 4, or from the week before, is another request — 422 at the key, nothing
 * booked — where it used to replay the 4-week series (200) as if the other weeks had been booked. The same
 * request again is still replayed. Through the API and on the resident's form.
 */
let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const live = async (spaceId: string) => (await q("select count(*)::int as n from space_bookings where space_id = $1 and status in ('pending', 'confirmed')", [spaceId]))[0].n as number;

beforeAll(async () => {
  t = await testApp();
});

describe("a weekly series' idempotency key", () => {
  it('API: replays the same series, refuses another number of weeks or another first week with 422 and books nothing', async () => {
    const space = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
    await relaxRules(t.database, space.spaceId);
    const secret = await apiTokenFor(t, 'resident-sotteville@demo.palier.fr', ['spaces.resident'], 'Semaines');
    const key = `series-weeks-${crypto.randomUUID()}`;
    const send = (body: unknown, locale = 'fr') =>
      t.app.request(`/api/v1/spaces/${space.spaceId}/series`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': locale, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const date = workingDayAhead(47);
    const body = { resourceId: space.resourceId, date, start: '15:00', minutes: 60, purpose: 'telework', weeks: 4, onConflict: 'skip' };
    const first = await send(body);
    expect(first.status).toBe(201);
    const made = (await first.json()) as { bookings: { id: string }[] };
    expect(made.bookings).toHaveLength(4);
    const booked = await live(space.spaceId);
    const answers: string[] = [];
    for (const [change, locale, text] of [
      [{ weeks: 5 }, 'fr', 'Cette clé Idempotency-Key a déjà servi pour une autre réservation : envoyez une nouvelle clé.'],
      [{ weeks: 3 }, 'en', 'This Idempotency-Key was already used for another booking: send a new key.'],
      [{ weeks: 2 }, 'fr', 'Cette clé Idempotency-Key a déjà servi pour une autre réservation : envoyez une nouvelle clé.'],
      // From the week before for 5 weeks: the 4 booked weeks are among the asked ones, but it is another request.
      [{ date: addDays(date, -7), weeks: 5 }, 'fr', 'Cette clé Idempotency-Key a déjà servi pour une autre réservation : envoyez une nouvelle clé.'],
    ] as const) {
      const res = await send({ ...body, ...change }, locale);
      answers.push(`${JSON.stringify(change)} → ${res.status}`);
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(await res.json()).toMatchObject({ error: 'invalid_body', fields: { 'Idempotency-Key': text } });
    }
    expect(await live(space.spaceId)).toBe(booked);
    // The very same request is still the first series, replayed.
    const again = await send(body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { bookings: { id: string }[] }).bookings.map((b) => b.id)).toEqual(made.bookings.map((b) => b.id));
    const [stored] = await q('select series_from::text as "from", series_weeks as weeks from space_bookings where idempotency_key = $1', [key]);
    expect(stored).toEqual({ from: date, weeks: 4 });
    process.stdout.write(`reliability/series-key-weeks: API series of 4 weeks 201; same key ${answers.join(', ')}; the same request again 200 (the same 4 bookings); ${booked} bookings before and after\n`);
  });

  it('form: the same key with another number of weeks re-renders the form with 422 at the key and books nothing', async () => {
    const space = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
    await relaxRules(t.database, space.spaceId);
    const resident = await browserFor(t, await userId(t.database.owner, 'resident-sotteville@demo.palier.fr'));
    const key = crypto.randomUUID();
    const date = workingDayAhead(61);
    const fields = { resourceId: space.resourceId, date, start: '11:00', minutes: '60', purpose: 'telework', idempotencyKey: key, weeks: '3', onConflict: 'skip' };
    const first = await resident.post(`/spaces/${space.spaceId}/book`, fields);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^\/spaces\/bookings\?series=3&/);
    const booked = await live(space.spaceId);
    const other = await resident.post(`/spaces/${space.spaceId}/book`, { ...fields, weeks: '6' });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('Ce formulaire a déjà servi pour une autre réservation : rechargez la page.');
    expect(await live(space.spaceId)).toBe(booked);
    const same = await resident.post(`/spaces/${space.spaceId}/book`, fields);
    expect(same.status).toBe(303);
    expect(await live(space.spaceId)).toBe(booked);
  });
});
