import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { type DemoSpace, demoSpace, holidayWeekAhead, relaxRules, workingDayAhead } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let elsewhere: string;
let residentToken: string;
let staffToken: string;
let household: string;
const D = workingDayAhead(34);

const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

/** A token acting as a demo user with the scopes given, as the token pages would make it. */
async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [m] = await q('select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [email]);
  const secret = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Appli', hashSecret(secret), scopes, m.user_id]);
  return secret;
}

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  await relaxRules(t.database, cowork.spaceId);
  [{ id: elsewhere }] = await q('select id from spaces where organisation_id <> $1 limit 1', [cowork.orgId]);
  residentToken = await tokenFor('resident-sotteville@demo.palier.fr', ['spaces.resident']);
  staffToken = await tokenFor('facilitator-sotteville@demo.palier.fr', ['spaces.board']);
  [{ household_id: household }] = await q("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr'");
});

const api = (path: string, init: { method?: string; body?: unknown; locale?: string; key?: string; token?: string } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? residentToken}`,
      'content-type': 'application/json',
      'accept-language': init.locale ?? 'fr',
      ...(init.key ? { 'idempotency-key': init.key } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const slot = (start: string, extra: Record<string, unknown> = {}) => ({ resourceId: cowork.resourceId, date: D, start, minutes: 60, purpose: 'job_search', ...extra });

describe('/api/v1/spaces for a resident', () => {
  it('lists the spaces the caller may book, with only the allowed fields, never another landlord’s', async () => {
    const res = await api('/api/v1/spaces');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown>[] };
    const space = data.find((s) => s.id === cowork.spaceId) as Record<string, unknown>;
    expect(Object.keys(space).sort()).toEqual(['approvalRequired', 'description', 'houseRules', 'houseRulesVersion', 'id', 'kind', 'name', 'resources', 'rules']);
    // Each resource carries the rules it is booked under (the space's here: it sets none of its own).
    expect(space.resources).toEqual([{ id: cowork.resourceId, kind: 'seats', name: 'Postes de travail', units: 6, peopleCapacity: null, rules: space.rules, approvalRequired: false, ownHours: null }]);
    expect(data.some((s) => s.id === elsewhere)).toBe(false);
  });

  it('gives the availability of a space for a week, and 404 for another organisation’s space', async () => {
    const res = await api(`/api/v1/spaces/${cowork.spaceId}/availability?date=${D}&days=7`);
    expect(res.status).toBe(200);
    const { days } = (await res.json()) as { days: { date: string; slots: { start: string; resources: { resourceId: string; state: string; free: number }[] }[] }[] };
    expect(days).toHaveLength(7);
    expect(days[0].date).toBe(D);
    expect(days[0].slots[0]).toMatchObject({ start: '09:00', resources: [{ resourceId: cowork.resourceId, state: 'free', free: 6 }] });
    expect((await api(`/api/v1/spaces/${elsewhere}/availability?date=${D}`)).status).toBe(404);
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/availability?days=9`)).status).toBe(400);
  });

  it('books with an Idempotency-Key: created once, the same request again answers the same booking, the key with another slot is refused', async () => {
    const key = `api-${Date.now()}`;
    const made = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('09:00'), key });
    expect(made.status).toBe(201);
    const first = (await made.json()) as { id: string; status: string; replayed: boolean };
    expect(first).toMatchObject({ status: 'confirmed', replayed: false });
    const again = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('09:00'), key });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, status: 'confirmed', replayed: true });
    expect((await q('select count(*)::int n from space_bookings where idempotency_key = $1', [key]))[0].n).toBe(1);
    const [row] = await q('select household_id, status, purpose from space_bookings where id = $1', [first.id]);
    expect(row).toEqual({ household_id: household, status: 'confirmed', purpose: 'job_search' });
    const reused = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('10:00'), key });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: 'invalid_body', fields: { 'Idempotency-Key': 'Cette clé Idempotency-Key a déjà servi pour une autre réservation : envoyez une nouvelle clé.' } });
    expect((await q('select count(*)::int n from space_bookings where idempotency_key = $1', [key]))[0].n).toBe(1);
  });

  it('answers 409 with alternatives when the slot is taken, and nothing is written', async () => {
    const others = cowork.households.filter((h) => h !== household).slice(0, 6);
    for (const [i, h] of others.entries())
      await q(
        `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, $4, $5, tstzrange(($6::date + time '15:00') at time zone 'Europe/Paris', ($6::date + time '16:00') at time zone 'Europe/Paris'), tstzrange(($6::date + time '15:00') at time zone 'Europe/Paris', ($6::date + time '16:00') at time zone 'Europe/Paris'), 'confirmed')`,
        [cowork.orgId, cowork.spaceId, cowork.resourceId, i + 1, h, D],
      );
    expect(others).toHaveLength(6);
    const before = (await q('select count(*)::int n from space_bookings'))[0].n;
    const res = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('15:00'), key: `full-${Date.now()}`, locale: 'en' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: string; code: string; message: string; alternatives: { date: string; start: string; resourceId: string }[] };
    expect(body.error).toBe('conflict');
    expect(body.code).toBe('spaces.error.full');
    expect(body.alternatives.length).toBeGreaterThan(0);
    expect(body.alternatives[0]).toMatchObject({ date: D, start: '16:00', resourceId: cowork.resourceId });
    expect((await q('select count(*)::int n from space_bookings'))[0].n).toBe(before);
  });

  it('answers 422 with field messages in the caller’s language for a rule broken or a bad value', async () => {
    const closed = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('12:30'), locale: 'en' });
    expect(closed.status).toBe(422);
    const c = (await closed.json()) as { error: string; fields: Record<string, string> };
    expect(c.error).toBe('invalid_body');
    expect(Object.keys(c.fields)).toEqual(['start']);
    expect(c.fields.start).not.toMatch(/^spaces\./);
    const badDate = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('09:00', { date: '2026-02-30' }) });
    expect(badDate.status).toBe(422);
    expect(((await badDate.json()) as { fields: Record<string, string> }).fields.date).toBeTruthy();
    const badKey = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('11:00'), key: 'x' });
    expect(badKey.status).toBe(422);
    await q(`update spaces set house_rules = 'Rangez votre poste.' where id = $1`, [cowork.spaceId]);
    try {
      const unaccepted = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('11:00'), locale: 'en' });
      expect(unaccepted.status).toBe(422);
      expect(await unaccepted.json()).toEqual({ error: 'invalid_body', fields: { acceptRules: 'Tick “I accept the house rules” to book this space.' } });
      const accepted = await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('11:00', { acceptRules: true }) });
      expect(accepted.status).toBe(201);
      const { id } = (await accepted.json()) as { id: string };
      const [row] = await q('select b.house_rules_version, s.house_rules_version current from space_bookings b join spaces s on s.id = b.space_id where b.id = $1', [id]);
      expect(row.house_rules_version).toBe(row.current);
    } finally {
      await q(`update spaces set house_rules = '' where id = $1`, [cowork.spaceId]);
    }
  });

  it('refuses another organisation’s space with 404 and writes nothing there', async () => {
    const res = await api(`/api/v1/spaces/${elsewhere}/bookings`, { method: 'POST', body: slot('09:00') });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
    expect((await api(`/api/v1/spaces/not-an-id/bookings`, { method: 'POST', body: slot('09:00') })).status).toBe(404);
    const before = (await q('select count(*)::int n from space_bookings where space_id = $1', [elsewhere]))[0].n;
    expect((await api(`/api/v1/spaces/${elsewhere}/series`, { method: 'POST', body: { ...slot('09:00'), weeks: 2, onConflict: 'skip' } })).status).toBe(404);
    expect((await q('select count(*)::int n from space_bookings where space_id = $1', [elsewhere]))[0].n).toBe(before);
  });

  it('books a weekly series: "cancel" books nothing and lists the conflicting date, "skip" books the others and lists it', async () => {
    const { start, holiday } = holidayWeekAhead(10);
    const body = { resourceId: cowork.resourceId, date: start, start: '09:00', minutes: 60, weeks: 2 };
    const cancelled = await api(`/api/v1/spaces/${cowork.spaceId}/series`, { method: 'POST', body: { ...body, onConflict: 'cancel' } });
    expect(cancelled.status).toBe(409);
    const c = (await cancelled.json()) as { error: string; conflicts: { date: string; reason: string }[]; bookable: string[] };
    expect(c.conflicts.map((x) => x.date)).toEqual([holiday]);
    expect(c.bookable).toEqual([start]);
    const made = await api(`/api/v1/spaces/${cowork.spaceId}/series`, { method: 'POST', body: { ...body, onConflict: 'skip' }, key: `series-${Date.now()}` });
    expect(made.status).toBe(201);
    const s = (await made.json()) as { seriesId: string; bookings: { date: string }[]; skipped: { date: string; reason: string }[] };
    expect(s.bookings.map((b) => b.date)).toEqual([start]);
    expect(s.skipped.map((x) => x.date)).toEqual([holiday]);
    expect(s.skipped[0].reason).not.toMatch(/^spaces\./);
    expect((await q('select count(*)::int n from space_bookings where series_id = $1', [s.seriesId]))[0].n).toBe(1);
    const missing = await api(`/api/v1/spaces/${cowork.spaceId}/series`, { method: 'POST', body });
    expect(missing.status).toBe(422);
  });

  it('lists my bookings and cancels one; another household’s booking is not found', async () => {
    const made = (await (await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('17:00') })).json()) as { id: string };
    const { data } = (await (await api('/api/v1/spaces/bookings')).json()) as { data: Record<string, unknown>[] };
    const mine = data.find((b) => b.id === made.id) as Record<string, unknown>;
    expect(mine).toMatchObject({ spaceId: cowork.spaceId, space: 'Coworking solidaire de Sotteville', status: 'confirmed', cancellable: true });
    expect(Object.keys(mine).sort()).toEqual(['cancellable', 'end', 'id', 'offerExpiresAt', 'purpose', 'resource', 'seriesId', 'space', 'spaceId', 'start', 'status']);
    expect(await (await api(`/api/v1/spaces/bookings/${made.id}/cancel`, { method: 'POST' })).json()).toEqual({ status: 'cancelled' });
    expect((await q('select status from space_bookings where id = $1', [made.id]))[0].status).toBe('cancelled');
    const [{ id: theirs }] = await q('select id from space_bookings where space_id = $1 and household_id <> $2 and status = $3 limit 1', [cowork.spaceId, household, 'confirmed']);
    expect((await api(`/api/v1/spaces/bookings/${theirs}/cancel`, { method: 'POST' })).status).toBe(404);
    expect((await q('select status from space_bookings where id = $1', [theirs]))[0].status).toBe('confirmed');
  });
});

describe('moving a booking', () => {
  it('moves to a free slot in one step, keeps the old one when the new slot is refused, and never moves another household’s', async () => {
    // Two working days after D, distinct from it whatever today is (D + 2 days may fall on a weekend and become D's Monday).
    const from = workingDayAhead(1, new Date(`${D}T12:00:00Z`));
    const made = (await (await api(`/api/v1/spaces/${cowork.spaceId}/bookings`, { method: 'POST', body: slot('09:00', { date: from }) })).json()) as { id: string };
    const to = workingDayAhead(1, new Date(`${from}T12:00:00Z`));
    // Into a closed hour: 422, and the booking is still there.
    const refused = await api(`/api/v1/spaces/bookings/${made.id}/move`, { method: 'POST', body: { date: to, start: '12:30' } });
    expect(refused.status).toBe(422);
    expect((await q('select status from space_bookings where id = $1', [made.id]))[0].status).toBe('confirmed');
    // Into the full 15:00 slot of D: 409, nothing changed.
    const full = await api(`/api/v1/spaces/bookings/${made.id}/move`, { method: 'POST', body: { date: D, start: '15:00' } });
    expect(full.status).toBe(409);
    expect((await q('select status from space_bookings where id = $1', [made.id]))[0].status).toBe('confirmed');
    const moved = await api(`/api/v1/spaces/bookings/${made.id}/move`, { method: 'POST', body: { date: to, start: '10:00' } });
    expect(moved.status).toBe(200);
    const m = (await moved.json()) as { id: string; status: string };
    expect(m.status).toBe('confirmed');
    const rows = await q(`select id, status, purpose, to_char(lower(during) at time zone 'Europe/Paris', 'YYYY-MM-DD HH24:MI') at from space_bookings where id = any($1) order by status`, [[made.id, m.id]]);
    expect(rows).toEqual([
      { id: made.id, status: 'cancelled', purpose: 'job_search', at: expect.any(String) },
      { id: m.id, status: 'confirmed', purpose: 'job_search', at: `${to} 10:00` },
    ]);
    expect((await api(`/api/v1/spaces/bookings/${made.id}/move`, { method: 'POST', body: { date: to, start: '11:00' } })).status).toBe(409);
    const [{ id: theirs }] = await q('select id from space_bookings where space_id = $1 and household_id <> $2 and status = $3 limit 1', [cowork.spaceId, household, 'confirmed']);
    expect((await api(`/api/v1/spaces/bookings/${theirs}/move`, { method: 'POST', body: { date: to, start: '11:00' } })).status).toBe(404);
    expect((await api(`/api/v1/spaces/bookings/${m.id}/move`, { method: 'POST', body: { date: 'demain', start: '11:00' } })).status).toBe(422);
  });
});

describe('/api/v1/spaces for the staff', () => {
  it('gives the day board and checks a person in; a resident’s token may do neither', async () => {
    const other = cowork.households.find((h) => h !== household) as string;
    const [{ id }] = await q(
      // On a seat free right now: the demo seed's bookings of the day depend on the hour the test runs.
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) select $1, $2, $3, u, $4, tstzrange(now() - interval '10 minutes', now() + interval '50 minutes'), tstzrange(now() - interval '10 minutes', now() + interval '50 minutes'), 'confirmed'
       from generate_series(1, (select units from space_resources where id = $3)) u
       where not exists (select 1 from space_bookings b where b.resource_id = $3 and b.unit = u and b.status in ('pending', 'confirmed', 'offered') and b.held && tstzrange(now() - interval '10 minutes', now() + interval '50 minutes'))
       order by u limit 1 returning id`,
      [cowork.orgId, cowork.spaceId, cowork.resourceId, other],
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const board = await api(`/api/v1/spaces/${cowork.spaceId}/board?date=${today}`, { token: staffToken });
    expect(board.status).toBe(200);
    const b = (await board.json()) as { date: string; bookings: { id: string; household: { id: string; name: string | null }; checkedIn: boolean }[] };
    const row = b.bookings.find((x) => x.id === id);
    expect(row).toMatchObject({ household: { id: other }, checkedIn: false });
    expect(row?.household.name).toBeTruthy();
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/board`, { token: residentToken })).status).toBe(403);
    expect((await api(`/api/v1/spaces/${elsewhere}/board`, { token: staffToken })).status).toBe(404);
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/bookings/${id}/check-in`, { method: 'POST', token: residentToken })).status).toBe(403);
    const done = await api(`/api/v1/spaces/${cowork.spaceId}/bookings/${id}/check-in`, { method: 'POST', token: staffToken });
    expect(await done.json()).toEqual({ status: 'checked_in' });
    expect((await q('select checked_in_at from space_bookings where id = $1', [id]))[0].checked_in_at).toBeInstanceOf(Date);
    // Another organisation's booking named under this space's path is not found, and not touched.
    const [{ id: elsewhereBooking }] = await q('select id from space_bookings where organisation_id <> $1 limit 1', [cowork.orgId]);
    expect((await api(`/api/v1/spaces/${cowork.spaceId}/bookings/${elsewhereBooking}/check-in`, { method: 'POST', token: staffToken })).status).toBe(404);
    expect((await q('select checked_in_at from space_bookings where id = $1', [elsewhereBooking]))[0].checked_in_at).toBeNull();
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/spaces', '/api/v1/spaces/{id}/availability', '/api/v1/spaces/{id}/bookings', '/api/v1/spaces/{id}/series', '/api/v1/spaces/bookings', '/api/v1/spaces/bookings/{id}/cancel', '/api/v1/spaces/bookings/{id}/move', '/api/v1/spaces/{id}/board', '/api/v1/spaces/{id}/bookings/{bookingId}/check-in']),
    );
    expect(Object.keys(doc.paths['/api/v1/spaces/{id}/bookings'])).toEqual(['post']);
  });
});
