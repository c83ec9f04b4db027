import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { inDays } from '../test-helpers.js';

// Plurial Novilia (A) runs activities at Réma'Vert, the demo's neighbourhood; Clésence (B) joins it with
// a residence in Reims. Everything below goes through the pages and the API, on the real database.
let t: Awaited<ReturnType<typeof testApp>>;
const org: Record<string, string> = {};
let facilitator: Client;
let neighbour: Client; // a Clésence resident living in the neighbourhood
const token: Record<string, string> = {};
let arc = ''; // A's residence in the neighbourhood
let orgeval = ''; // A's residence outside it
let neighbourhood = '';
let open = ''; // A's activity open to the neighbourhood
let residenceOnly = ''; // A's activity for Arc-en-Ciel only
const hh: Record<string, string> = {};

const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);

/** A household living now in a residence, with a resident account (password of the demo) and an API token. */
async function resident(key: string, orgSlug: string, residenceId: string): Promise<void> {
  const n = Object.keys(hh).length + 1;
  const dw = (await q("insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 40000) returning id", [org[orgSlug], residenceId, `NB-${n}`])).rows[0].id;
  hh[key] = (await q('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [org[orgSlug], `NB-F${n}`, `Foyer ${key}`])).rows[0].id;
  await q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2020-01-01')", [org[orgSlug], hh[key], dw]);
  const hash = (await q('select password_hash from users where email = $1', [demo('resident')])).rows[0].password_hash;
  const user = (await q('insert into users (email, display_name, password_hash) values ($1, $2, $3) returning id', [`${key}@example.org`, `Personne ${key}`, hash])).rows[0].id;
  await q("insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, 'resident', $3)", [org[orgSlug], user, hh[key]]);
  token[key] = `plr_test_${key}_${Date.now()}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [org[orgSlug], 'Appli', hashSecret(token[key]), ['community.read', 'community.register', 'community.propose', 'community.support'], user]);
}

const api = (who: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token[who]}`, 'content-type': 'application/json', 'accept-language': 'fr' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function newEvent(fields: Record<string, string>): Promise<Response> {
  return facilitator.post('/community/manage/events/new', { title: 'Goûter du quartier', category: 'tasting', address: 'Square Arc-en-Ciel', date: inDays(20), startTime: '16:00', endTime: '18:00', registration: 'open', ...fields });
}
const idOf = (r: Response) => (r.headers.get('location') as string).split('/')[4].split('?')[0];

beforeAll(async () => {
  t = await testApp();
  for (const r of (await q('select id, slug from organisations')).rows) org[r.slug] = r.id;
  arc = (await q("select id from residences where reference = 'PN-REMAVERT-ARC'")).rows[0].id;
  neighbourhood = (await q('select neighbourhood_id from neighbourhood_residences where residence_id = $1', [arc])).rows[0].neighbourhood_id;
  orgeval = (await q("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'PN-ORGEVAL', 'Orgeval', '1 rue d’Orgeval', '51100', 'Reims') returning id", [org['plurial-novilia']])).rows[0].id;
  // Clésence joins the neighbourhood and attaches a residence in Reims (set up as the owner; the directory's own tests cover those pages).
  const croix = (await q("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'CL-REIMS-CROIX', 'Résidence Croix-Rouge', 'Avenue Bonaparte', '51100', 'Reims') returning id", [org.clesence])).rows[0].id;
  await q('insert into neighbourhood_landlords (neighbourhood_id, organisation_id, joined_at) values ($1, $2, now())', [neighbourhood, org.clesence]);
  await q("insert into neighbourhood_residences (residence_id, neighbourhood_id, organisation_id, name, city) values ($1, $2, $3, 'Résidence Croix-Rouge', 'Reims')", [croix, neighbourhood, org.clesence]);
  const gregory = (await q("select id from residences where reference = 'CL-GREGORY'")).rows[0].id;
  for (const k of ['nb1', 'nb2', 'nb3']) await resident(k, 'clesence', croix);
  await resident('amiens', 'clesence', gregory);
  for (const k of ['pn1', 'pn2', 'pn3']) await resident(k, 'plurial-novilia', arc);
  await resident('orgeval', 'plurial-novilia', orgeval);
  facilitator = t.client();
  await facilitator.signIn(demo('facilitator'));
  neighbour = t.client();
  await neighbour.signIn('nb1@example.org');
});

describe('activities open to the neighbourhood, across landlords', () => {
  it('the organiser picks the audience on the form: refused at the field for a residence in no neighbourhood, kept on the row otherwise', async () => {
    const bad = await newEvent({ residenceId: orgeval, audience: 'neighbourhood' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Cette résidence ne fait partie d’aucun quartier.');
    const made = await newEvent({ residenceId: arc, audience: 'neighbourhood', capacity: '3' });
    expect(made.status).toBe(303);
    open = idOf(made);
    residenceOnly = idOf(await newEvent({ title: 'Réunion des locataires', residenceId: arc, date: inDays(21) }));
    const rows = (await q('select id, neighbourhood_id from community_events where id = any($1)', [[open, residenceOnly]])).rows;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.neighbourhood_id]))).toEqual({ [open]: neighbourhood, [residenceOnly]: null });
    const edit = await (await facilitator.get(`/community/manage/events/${open}/edit`)).text();
    expect(edit).toMatch(/<option value="neighbourhood" selected/);
  });

  it('a neighbour of the other landlord sees it (list and page); nobody else of another residence or landlord does (404)', async () => {
    const list = await (await neighbour.get('/community')).text();
    expect(list).toContain(`/community/events/${open}`);
    expect(list).toContain('Organisé par Plurial Novilia');
    expect(list).not.toContain(`/community/events/${residenceOnly}`);
    const page = await neighbour.get(`/community/events/${open}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Goûter du quartier');
    expect((await neighbour.get(`/community/events/${residenceOnly}`)).status).toBe(404);
    // A Clésence resident in Amiens (outside the neighbourhood) and a Plurial Novilia resident of Orgeval (outside it too).
    for (const who of ['amiens', 'orgeval']) {
      expect((await api(who, `/api/v1/community/events/${open}`)).status, who).toBe(404);
      const { data } = (await (await api(who, '/api/v1/community/events')).json()) as { data: { id: string }[] };
      expect(data.some((e) => e.id === open)).toBe(false);
    }
    // Plurial Novilia's own residents of the neighbourhood see it as usual.
    expect((await api('pn1', `/api/v1/community/events/${open}`)).status).toBe(200);
    expect(((await (await api('nb2', `/api/v1/community/events/${open}`)).json()) as { id: string }).id).toBe(open);
  });

  it('in the database, Clésence sees the activity only in the neighbour view; a landlord outside never does', async () => {
    const seen = (orgId: string, n: string | null) =>
      withTenant(t.database.db, { orgId }, async (tx) => {
        if (n) await sql`select set_config('app.neighbourhood_id', ${n}, true)`.execute(tx);
        return (await tx.selectFrom('community_events').select('id').where('id', '=', open).execute()).length;
      });
    expect(await seen(org.clesence, null)).toBe(0);
    expect(await seen(org.clesence, neighbourhood)).toBe(1);
    expect(await seen(org.logirep, neighbourhood)).toBe(0);
  });

  it('the neighbour registers from the page; the roster shows the household’s name, never its home; they cancel', async () => {
    const done = await neighbour.post(`/community/events/${open}/register`, { adults: '1', children: '0' });
    expect(done.status).toBe(303);
    const row = (await q('select id, organisation_id, guest_org_id, neighbour_name, status from community_registrations where event_id = $1 and household_id = $2', [open, hh.nb1])).rows[0];
    expect(row).toMatchObject({ organisation_id: org['plurial-novilia'], guest_org_id: org.clesence, neighbour_name: 'Foyer nb1', status: 'confirmed' });
    expect(await (await neighbour.get(`/community/events/${open}`)).text()).toContain(`/community/registrations/${row.id}/cancel`);
    // The confirmation is queued in the neighbour's own landlord's context, never in the organiser's.
    const told = (await q("select organisation_id, subject from notifications where recipient = 'nb1@example.org'")).rows;
    expect(told.map((n) => n.organisation_id)).toEqual([org.clesence]);
    const roster = await (await facilitator.get(`/community/manage/events/${open}`)).text();
    expect(roster).toContain('Foyer nb1');
    expect(roster).not.toContain('NB-1');
    expect((await neighbour.post(`/community/registrations/${row.id}/cancel`, { next: `/community/events/${open}` })).status).toBe(303);
    expect((await q('select status from community_registrations where id = $1', [row.id])).rows[0].status).toBe('cancelled');
    // Another household's registration is not theirs to cancel.
    expect((await api('amiens', `/api/v1/community/registrations/${row.id}/cancel`, {})).status).toBe(404);
  });

  it('the database refuses a neighbour’s row for a household outside the neighbourhood', async () => {
    await expect(
      q("insert into community_registrations (organisation_id, event_id, household_id, guest_org_id, neighbour_name, status) values ($1, $2, $3, $4, 'x', 'confirmed')", [org['plurial-novilia'], open, hh.amiens, org.clesence]),
    ).rejects.toThrow(/neighbour/);
  });

  it('places are never oversold when both landlords’ residents register at once', async () => {
    const who = ['nb1', 'nb2', 'nb3', 'pn1', 'pn2', 'pn3'];
    const answers = await Promise.all(who.map((w) => api(w, `/api/v1/community/events/${open}/registrations`, { adults: 1 })));
    expect(answers.map((a) => a.status)).toEqual(who.map(() => 201));
    const states = (await Promise.all(answers.map((a) => a.json()))) as { id: string; status: string }[];
    expect(states.filter((s) => s.status === 'confirmed')).toHaveLength(3);
    expect(states.filter((s) => s.status === 'waiting')).toHaveLength(3);
    const seats = (await q("select coalesce(sum(adults + children), 0)::int n from community_registrations where event_id = $1 and status = 'confirmed'", [open])).rows[0].n;
    expect(seats).toBe(3);
  });

  it('a neighbour on the waiting list moves up when a place is freed', async () => {
    const one = idOf(await newEvent({ title: 'Atelier compost', residenceId: arc, audience: 'neighbourhood', capacity: '1', date: inDays(22) }));
    const mine = (await (await api('pn1', `/api/v1/community/events/${one}/registrations`, { adults: 1 })).json()) as { id: string; status: string };
    expect(mine.status).toBe('confirmed');
    const theirs = (await (await api('nb2', `/api/v1/community/events/${one}/registrations`, { adults: 1 })).json()) as { id: string; status: string };
    expect(theirs.status).toBe('waiting');
    expect((await api('pn1', `/api/v1/community/registrations/${mine.id}/cancel`, {})).status).toBe(200);
    expect((await q('select status from community_registrations where id = $1', [theirs.id])).rows[0].status).toBe('confirmed');
    const told = (await q("select organisation_id from notifications where recipient = 'nb2@example.org' and subject like '%Atelier compost%'")).rows;
    expect(told.length).toBeGreaterThanOrEqual(2);
    expect(new Set(told.map((n) => n.organisation_id))).toEqual(new Set([org.clesence]));
    expect(((await (await api('nb2', `/api/v1/community/events/${one}`)).json()) as { mine: { status: string } }).mine.status).toBe('confirmed');
  });
});

describe('participation processes open to neighbours', () => {
  let opened = '';
  let closed = '';
  beforeAll(async () => {
    const process = async (title: string, open: boolean) =>
      (await q("insert into community_processes (organisation_id, title, residence_id, starts_on, open_to_neighbours) values ($1, $2, $3, current_date, $4) returning id", [org['plurial-novilia'], title, arc, open])).rows[0].id as string;
    opened = await process('Le square de demain', true);
    closed = await process('Règlement du local vélos', false);
  });

  it('neighbours see a process open to them, never one that is not; others outside see neither', async () => {
    const list = await (await neighbour.get('/community/processes')).text();
    expect(list).toContain(`/community/processes/${opened}`);
    expect(list).toContain('proposé par Plurial Novilia');
    expect(list).not.toContain(`/community/processes/${closed}`);
    expect((await neighbour.get(`/community/processes/${opened}`)).status).toBe(200);
    expect((await neighbour.get(`/community/processes/${closed}`)).status).toBe(404);
    const { data } = (await (await api('amiens', '/api/v1/community/processes')).json()) as { data: { id: string }[] };
    expect(data.some((p) => p.id === opened || p.id === closed)).toBe(false);
    expect((await api('amiens', `/api/v1/community/processes/${opened}/proposals`)).status).toBe(404);
  });

  it('a neighbour proposes and supports; one support per resident and household still holds across landlords', async () => {
    const made = await api('nb1', `/api/v1/community/processes/${opened}/proposals`, { title: 'Des bancs à l’ombre', body: 'Sous les tilleuls.', category: 'green_spaces' });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const row = (await q('select organisation_id, guest_org_id, author_household_id from community_proposals where id = $1', [id])).rows[0];
    expect(row).toEqual({ organisation_id: org['plurial-novilia'], guest_org_id: org.clesence, author_household_id: hh.nb1 });
    expect((await api('nb2', `/api/v1/community/proposals/${id}/supports`, {})).status).toBe(201);
    expect((await api('nb2', `/api/v1/community/proposals/${id}/supports`, {})).status).toBe(409);
    expect((await api('pn2', `/api/v1/community/proposals/${id}/supports`, {})).status).toBe(201);
    expect(((await (await api('nb3', `/api/v1/community/proposals/${id}`)).json()) as { supports: number }).supports).toBe(2);
    expect((await api('amiens', `/api/v1/community/proposals/${id}`)).status).toBe(404);
    expect((await api('amiens', `/api/v1/community/proposals/${id}/supports`, {})).status).toBe(404);
    expect((await api('nb1', `/api/v1/community/processes/${closed}/proposals`, { title: 'Un abri', body: 'Fermé.', category: 'other' })).status).toBe(404);
    await expect(
      q("insert into community_supports (organisation_id, proposal_id, user_id, household_id, guest_org_id) select $1, $2, user_id, $3, $4 from memberships where household_id = $3", [org['plurial-novilia'], id, hh.amiens, org.clesence]),
    ).rejects.toThrow(/neighbour/);
  });
});
