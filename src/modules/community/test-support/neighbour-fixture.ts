// Shared by this module's neighbour tests only: Plurial Novilia (the demo's landlord) runs activities and
// processes at Réma'Vert, the demo's neighbourhood; Clésence joins it with a residence in Reims, and
// households with resident accounts (and API tokens) are added on both sides. Set up as the owner; the
// directory's own tests cover the neighbourhood pages.
import { type Client, demo, type testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { inDays } from '../test-helpers.js';

type App = Awaited<ReturnType<typeof testApp>>;
// biome-ignore lint/suspicious/noExplicitAny: rows of raw setup queries
type Rows = { rows: Record<string, any>[] };

export type NeighbourFixture = {
  org: Record<string, string>;
  /** Households by key: nb1–nb3 Clésence in the neighbourhood, amiens Clésence outside, pn1–pn3 Plurial Novilia in it. */
  hh: Record<string, string>;
  users: Record<string, string>;
  arc: string;
  neighbourhood: string;
  facilitator: Client;
  /** Signed-in browser of a resident (password of the demo). */
  browser: (key: string) => Promise<Client>;
  /** A JSON request with the resident's API token. */
  api: (who: string, path: string, body?: unknown) => Promise<Response>;
  /** A Plurial Novilia activity at Arc-en-Ciel open to the neighbourhood (or not, with `audience: ''`); returns its id. */
  newEvent: (fields?: Record<string, string>) => Promise<string>;
  q: (text: string, args?: unknown[]) => Promise<Rows>;
};

export async function neighbourFixture(t: App): Promise<NeighbourFixture> {
  const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args) as Promise<Rows>;
  const org: Record<string, string> = {};
  const hh: Record<string, string> = {};
  const users: Record<string, string> = {};
  const token: Record<string, string> = {};
  for (const r of (await q('select id, slug from organisations')).rows as { id: string; slug: string }[]) org[r.slug] = r.id;
  const arc = (await q("select id from residences where reference = 'PN-REMAVERT-ARC'")).rows[0].id as string;
  const neighbourhood = (await q('select neighbourhood_id from neighbourhood_residences where residence_id = $1', [arc])).rows[0].neighbourhood_id as string;
  const croix = (await q("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'CL-REIMS-CROIX', 'Résidence Croix-Rouge', 'Avenue Bonaparte', '51100', 'Reims') returning id", [org.clesence])).rows[0].id as string;
  await q('insert into neighbourhood_landlords (neighbourhood_id, organisation_id, joined_at) values ($1, $2, now())', [neighbourhood, org.clesence]);
  await q("insert into neighbourhood_residences (residence_id, neighbourhood_id, organisation_id, name, city) values ($1, $2, $3, 'Résidence Croix-Rouge', 'Reims')", [croix, neighbourhood, org.clesence]);
  const gregory = (await q("select id from residences where reference = 'CL-GREGORY'")).rows[0].id as string;
  const hash = (await q('select password_hash from users where email = $1', [demo('resident')])).rows[0].password_hash;
  const resident = async (key: string, orgSlug: string, residenceId: string) => {
    const n = Object.keys(hh).length + 1;
    const dw = (await q('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 40000) returning id', [org[orgSlug], residenceId, `NB-${n}`])).rows[0].id;
    hh[key] = (await q('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [org[orgSlug], `NB-F${n}`, `Foyer ${key}`])).rows[0].id;
    await q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2020-01-01')", [org[orgSlug], hh[key], dw]);
    users[key] = (await q('insert into users (email, display_name, password_hash) values ($1, $2, $3) returning id', [`${key}@example.org`, `Personne ${key}`, hash])).rows[0].id;
    await q("insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, 'resident', $3)", [org[orgSlug], users[key], hh[key]]);
    token[key] = `plr_test_${key}_${Date.now()}`;
    await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [
      org[orgSlug],
      'Appli',
      hashSecret(token[key]),
      ['community.read', 'community.register', 'community.propose', 'community.support', 'community.comment'],
      users[key],
    ]);
  };
  for (const k of ['nb1', 'nb2', 'nb3']) await resident(k, 'clesence', croix);
  await resident('amiens', 'clesence', gregory);
  for (const k of ['pn1', 'pn2', 'pn3']) await resident(k, 'plurial-novilia', arc);
  const facilitator = t.client();
  await facilitator.signIn(demo('facilitator'));
  return {
    org,
    hh,
    users,
    arc,
    neighbourhood,
    facilitator,
    q,
    browser: async (key) => {
      const c = t.client();
      await c.signIn(`${key}@example.org`);
      return c;
    },
    api: async (who, path, body) =>
      t.app.request(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token[who]}`, 'content-type': 'application/json', 'accept-language': 'fr' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    newEvent: async (fields = {}) => {
      const made = await facilitator.post('/community/manage/events/new', {
        title: 'Goûter du quartier',
        category: 'tasting',
        address: 'Square Arc-en-Ciel',
        date: inDays(20),
        startTime: '16:00',
        endTime: '18:00',
        registration: 'open',
        residenceId: arc,
        audience: 'neighbourhood',
        ...fields,
      });
      if (made.status !== 303) throw new Error(`event not created: ${made.status}`);
      return (made.headers.get('location') as string).split('/')[4].split('?')[0];
    },
  };
}
