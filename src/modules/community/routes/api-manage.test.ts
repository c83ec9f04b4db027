import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { hashSecret } from '../../../platform/auth/tokens.js';
import { inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let current: string;
const tokens: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

// A token of a demo account (tokens act as their creator, within the scopes given).
async function tokenOf(role: string, scopes: string[]): Promise<string> {
  const [u] = await q(`select u.id user_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1`, [demo(role)]);
  const token = `plr_test_${role}_${Date.now()}`;
  await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [u.organisation_id, role, hashSecret(token), scopes, u.user_id]);
  return token;
}

beforeAll(async () => {
  t = await testApp();
  current = (await q(`select id from community_processes where title like 'Réma’Vert 2026%'`))[0].id;
  tokens.resident = await tokenOf('resident', ['community.read', 'community.register', 'community.propose', 'community.support', 'community.comment']);
  tokens.staff = await tokenOf('programme_manager', ['community.read', 'community.events.manage', 'community.attendance', 'community.answer', 'community.moderate']);
});

const api = (who: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', 'accept-language': 'fr' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('/api/v1/community for organisers and participation', () => {
  it('creates an activity, registers a household at the desk, takes attendance from the roster, and cancels with a reason', async () => {
    const bad = await api('staff', '/api/v1/community/events', { title: 'Atelier', category: 'workshop', date: inDays(20), startTime: '10:00', endTime: '09:00' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields).toHaveProperty('endTime');
    const made = await api('staff', '/api/v1/community/events', { title: 'Atelier couture', category: 'workshop', address: 'Local associatif', date: inDays(20), startTime: '14:00', endTime: '16:00', capacity: 2 });
    expect(made.status).toBe(201);
    const [id] = ((await made.json()) as { ids: string[] }).ids;
    expect((await api('resident', '/api/v1/community/events', { title: 'Atelier', category: 'workshop', address: 'x', date: inDays(20), startTime: '10:00', endTime: '11:00' })).status).toBe(403);
    const [hh] = await q(`select h.id from households h join organisations o on o.id = h.organisation_id where o.slug = 'plurial-novilia' order by h.reference limit 1`);
    const desk = await api('staff', `/api/v1/community/events/${id}/households/${hh.id}/registrations`, { adults: 1, children: 1 });
    expect(desk.status).toBe(201);
    expect(((await desk.json()) as { status: string }).status).toBe('confirmed');
    const { data } = (await (await api('staff', `/api/v1/community/events/${id}/registrations`)).json()) as { data: Record<string, unknown>[] };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ adults: 1, children: 1, status: 'confirmed', attendance: null, assisted: true });
    expect(Object.keys(data[0]).sort()).toEqual(['adults', 'assisted', 'attendance', 'children', 'id', 'name', 'status']);
    expect(await (await api('staff', `/api/v1/community/events/${id}/attendance`, { marks: { [data[0].id as string]: 'present' } })).json()).toEqual({ marked: 1 });
    expect((await api('resident', `/api/v1/community/events/${id}/registrations`)).status).toBe(403);
    const noReason = await api('staff', `/api/v1/community/events/${id}/cancel`, { reason: '' });
    expect(noReason.status).toBe(422);
    expect(await (await api('staff', `/api/v1/community/events/${id}/cancel`, { reason: 'Animatrice malade' })).json()).toEqual({ notified: 1 });
  });

  it('takes a proposal through support, comment, answers and milestones, with moderation', async () => {
    const made = await api('resident', `/api/v1/community/processes/${current}/proposals`, { title: 'Un bac à compost au bâtiment C', body: 'Pour les épluchures.', category: 'environment' });
    const { id } = (await made.json()) as { id: string };
    expect((await api('resident', '/api/v1/community/processes')).status).toBe(200);
    expect((await api('resident', `/api/v1/community/proposals/${id}/supports`, {})).status).toBe(201);
    expect((await api('resident', `/api/v1/community/proposals/${id}/supports`, {})).status).toBe(409);
    const comment = (await (await api('resident', `/api/v1/community/proposals/${id}/comments`, { body: 'Et un bac pour le carton ?' })).json()) as { id: string };
    const refusal = await api('staff', `/api/v1/community/proposals/${id}/answers`, { status: 'refused', body: '' });
    expect(refusal.status).toBe(422);
    expect(((await refusal.json()) as { fields: Record<string, string> }).fields.body).toMatch(/raison/i);
    expect((await api('resident', `/api/v1/community/proposals/${id}/answers`, { status: 'accepted', body: 'Oui' })).status).toBe(403);
    const accepted = await api('staff', `/api/v1/community/proposals/${id}/answers`, { status: 'accepted', body: 'Un bac sera posé.' });
    expect(((await accepted.json()) as { notified: number }).notified).toBe(1);
    const step = (await (await api('staff', `/api/v1/community/proposals/${id}/milestones`, { label: 'Commander le bac', plannedOn: '2027-03-01' })).json()) as { id: string };
    expect((await api('staff', `/api/v1/community/milestones/${step.id}/done`, { doneOn: '2027-02-20' })).status).toBe(200);
    expect((await api('resident', `/api/v1/comments/${comment.id}/reports`, {})).status).toBe(404);
    expect((await api('resident', `/api/v1/community/comments/${comment.id}/reports`, {})).status).toBe(201);
    expect((await api('staff', `/api/v1/community/comments/${comment.id}/hide`, { reason: 'Hors sujet' })).status).toBe(200);
    const detail = (await (await api('resident', `/api/v1/community/proposals/${id}`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({
      status: 'accepted',
      supports: 1,
      supportedByMe: true,
      answers: [{ status: 'accepted', body: 'Un bac sera posé.' }],
      milestones: [{ label: 'Commander le bac', plannedOn: '2027-03-01', doneOn: '2027-02-20' }],
      comments: [{ id: comment.id, body: null, hiddenReason: 'Hors sujet' }],
    });
    expect(JSON.stringify(detail)).not.toMatch(/author|organisation_id|user_id/);
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/community/processes',
        '/api/v1/community/proposals/{id}',
        '/api/v1/community/proposals/{id}/answers',
        '/api/v1/community/proposals/{id}/milestones',
        '/api/v1/community/milestones/{id}/done',
        '/api/v1/community/comments/{id}/hide',
        '/api/v1/community/events/{id}/attendance',
        '/api/v1/community/events/{id}/cancel',
        '/api/v1/community/registrations/{id}/decision',
      ]),
    );
  });
});
