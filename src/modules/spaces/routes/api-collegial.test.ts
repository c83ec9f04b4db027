import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { type DemoSpace, demoSpace, workingDayAhead } from '../testing.js';
import { rawBooking, residentAccount } from '../testing-garden.js';

let t: Awaited<ReturnType<typeof testApp>>;
let room: DemoSpace;
let garden: DemoSpace;
const tokens: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const D = workingDayAhead(48);

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [m] = await q('select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [email]);
  const secret = `plr_test_${Math.random().toString(36).slice(2)}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [m.organisation_id, 'Appli', hashSecret(secret), scopes, m.user_id]);
  return secret;
}
const api = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(path, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'fr' }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });

beforeAll(async () => {
  t = await testApp();
  room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  garden = await demoSpace(t.database, 'Jardins partagés de Réma’Vert');
  // The demo names a resident steward of the room and one of the gardens.
  tokens.steward = await tokenFor('steward-arcenciel@demo.palier.fr', ['spaces.resident']);
  await residentAccount(t.database, garden.orgId, garden.households[6], 'api-gardener@demo.palier.fr', 'Jardinière API');
  tokens.gardener = await tokenFor('api-gardener@demo.palier.fr', ['spaces.resident']);
  tokens.concierge = await tokenFor(demo('concierge'), ['spaces.board']);
});

describe('/api/v1/spaces for collegial management', () => {
  it('a resident steward lists their rooms, reads a request and approves it; a refusal without reason is 422; another resident gets 404', async () => {
    const list = (await (await api(tokens.steward, '/api/v1/spaces/stewarding')).json()) as { data: { id: string }[] };
    expect(list.data.map((s) => s.id)).toContain(room.spaceId);
    const booking = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[3], date: D, from: 600, to: 720, status: 'pending' });
    const page = (await (await api(tokens.steward, `/api/v1/spaces/stewarding/${room.spaceId}`)).json()) as { pending: { id: string }[] };
    expect(page.pending.map((r) => r.id)).toContain(booking);
    const noReason = await api(tokens.steward, `/api/v1/spaces/stewarding/${room.spaceId}/bookings/${booking}/decision`, { method: 'POST', body: { decision: 'refuse' } });
    expect(noReason.status).toBe(422);
    const ok = await api(tokens.steward, `/api/v1/spaces/stewarding/${room.spaceId}/bookings/${booking}/decision`, { method: 'POST', body: { decision: 'approve' } });
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'confirmed' }]);
    expect((await q('select status from space_bookings where id = $1', [booking]))[0].status).toBe('confirmed');
    expect((await api(tokens.gardener, `/api/v1/spaces/stewarding/${room.spaceId}`)).status).toBe(404);
  });

  it('staff record a key handed over and given back (twice is 409)', async () => {
    const booking = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[4], date: D, from: 900, to: 960, status: 'confirmed' });
    const out = await api(tokens.concierge, `/api/v1/spaces/${room.spaceId}/keys`, { method: 'POST', body: { bookingId: booking, handedTo: 'Mme Durand' } });
    expect(out.status).toBe(201);
    const { id } = (await out.json()) as { id: string };
    expect((await api(tokens.concierge, `/api/v1/spaces/${room.spaceId}/keys`, { method: 'POST', body: { bookingId: booking, handedTo: 'Mme Durand' } })).status).toBe(409);
    expect((await api(tokens.concierge, `/api/v1/spaces/${room.spaceId}/keys/${id}/return`, { method: 'POST' })).status).toBe(200);
    expect((await api(tokens.concierge, `/api/v1/spaces/${room.spaceId}/keys/${id}/return`, { method: 'POST' })).status).toBe(409);
  });

  it('a resident sees the demo season open, applies once (409 twice); staff read the season and allocate', async () => {
    const g = (await (await api(tokens.gardener, '/api/v1/spaces/garden')).json()) as { open: { id: string; name: string }[] };
    const season = g.open.find((s) => s.name === 'Saison des potagers');
    expect(season).toBeDefined();
    const sid = season?.id as string;
    expect((await api(tokens.gardener, `/api/v1/spaces/garden/seasons/${sid}/apply`, { method: 'POST' })).status).toBe(201);
    expect((await api(tokens.gardener, `/api/v1/spaces/garden/seasons/${sid}/apply`, { method: 'POST' })).status).toBe(409);
    const staff = (await (await api(tokens.concierge, `/api/v1/spaces/${garden.spaceId}/garden`)).json()) as { seasons: { id: string; holders: unknown[] }[] };
    expect(staff.seasons.find((s) => s.id === sid)?.holders.length).toBe(2);
    const alloc = await api(tokens.concierge, `/api/v1/spaces/${garden.spaceId}/garden/seasons/${sid}/allocate`, { method: 'POST' });
    expect(alloc.status).toBe(200);
    expect(((await alloc.json()) as { allocated: number }).allocated).toBe(1);
    expect((await api(tokens.gardener, `/api/v1/spaces/${garden.spaceId}/garden`)).status).toBe(403);
  });
});
