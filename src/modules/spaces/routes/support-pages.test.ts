import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { addDays, parisParts } from '../domain/paris-time.js';
import { supportOutcomes } from '../index.js';
import { type DemoSpace, demoSpace } from '../testing.js';

let t: Awaited<ReturnType<typeof testApp>>;
let cowork: DemoSpace;
let facilitator: Client;
const q = (text: string, args: unknown[] = []) => t.database.owner.query(text, args);
const today = parisParts(new Date()).date;

beforeAll(async () => {
  t = await testApp();
  cowork = await demoSpace(t.database, 'Coworking solidaire de Sotteville');
  facilitator = t.client();
  await facilitator.signIn('facilitator-sotteville@demo.palier.fr');
});

describe('the facilitator’s support log', () => {
  it('records sessions with minimal data (no free text), lists them, and sets an outcome once known', async () => {
    const page = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}/support`)).text();
    expect(page).toContain('Rien sur la santé, la famille ou la vie privée');
    expect(page).not.toContain('<textarea');
    expect(await (await facilitator.get(`/staff/spaces/${cowork.spaceId}`)).text()).toContain(`href="/staff/spaces/${cowork.spaceId}/support"`);
    const bad = await facilitator.post(`/staff/spaces/${cowork.spaceId}/support`, { householdId: '', heldOn: addDays(today, 2), minutes: '30', topic: '', outcome: '' });
    const html = await bad.text();
    expect(bad.status).toBe(422);
    expect(html).toContain('Choisissez un sujet.');
    expect((await q('select count(*)::int as n from space_support_sessions')).rows[0].n).toBe(0);
    const future = await facilitator.post(`/staff/spaces/${cowork.spaceId}/support`, { householdId: '', heldOn: addDays(today, 2), minutes: '30', topic: 'cv', outcome: '' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('La date ne peut pas être à venir.');
    const stranger = (await q('select h.id from households h where h.organisation_id <> $1 limit 1', [cowork.orgId])).rows[0].id;
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/support`, { householdId: stranger, heldOn: today, minutes: '30', topic: 'cv', outcome: '' })).status).toBe(422);
    const anonymous = await facilitator.post(`/staff/spaces/${cowork.spaceId}/support`, { householdId: '', heldOn: today, minutes: '45', topic: 'admin_procedure', outcome: 'procedure_completed' });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, `/staff/spaces/${cowork.spaceId}/support?recorded=1`]);
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/support`, { householdId: cowork.households[0], heldOn: addDays(today, -3), minutes: '60', topic: 'job_search', outcome: '' })).status).toBe(303);
    const list = await (await facilitator.get(`/staff/spaces/${cowork.spaceId}/support?recorded=1`)).text();
    expect(list).toContain('L’accompagnement est noté.');
    expect(list).toContain('Personne anonyme');
    expect(list).toContain('Démarche administrative');
    const later = (await q('select id from space_support_sessions where household_id = $1', [cowork.households[0]])).rows[0].id;
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/support/${later}/outcome`, { outcome: 'nonsense' })).status).toBe(422);
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/support/${later}/outcome`, { outcome: 'job_found' })).status).toBe(303);
    expect((await q('select outcome from space_support_sessions where id = $1', [later])).rows[0].outcome).toBe('job_found');
    const actions = (await q("select action from audit_events where action like 'spaces.support.%' order by id")).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['spaces.support.list', 'spaces.support.record', 'spaces.support.outcome']));
  });

  it('gives the impact module counts only, through the public index', async () => {
    const counts = await withTenant(t.database.db, { orgId: cowork.orgId }, (tx) => supportOutcomes(tx, { organisationId: cowork.orgId, from: addDays(today, -30), to: addDays(today, 1) }));
    expect(counts).toEqual({ sessions: 2, minutes: 105, households: 1, anonymousSessions: 1, byTopic: { admin_procedure: 1, job_search: 1 }, byOutcome: { procedure_completed: 1, job_found: 1 } });
    const elsewhere = await withTenant(t.database.db, { orgId: cowork.orgId }, (tx) => supportOutcomes(tx, { organisationId: cowork.orgId, from: addDays(today, -30), to: addDays(today, 1), residenceIds: [] }));
    expect(elsewhere.sessions).toBe(0);
  });

  it('is refused to residents (403) and hidden from another landlord’s staff (404)', async () => {
    const resident = t.client();
    await resident.signIn('resident-sotteville@demo.palier.fr');
    expect((await resident.get(`/staff/spaces/${cowork.spaceId}/support`)).status).toBe(403);
    const other = t.client();
    await other.signIn(demo('facilitator'));
    expect((await other.get(`/staff/spaces/${cowork.spaceId}/support`)).status).toBe(404);
    const id = (await q('select id from space_support_sessions limit 1')).rows[0].id;
    expect((await other.post(`/staff/spaces/${cowork.spaceId}/support/${id}/outcome`, { outcome: '' })).status).toBe(404);
    expect((await facilitator.post(`/staff/spaces/${cowork.spaceId}/support/7a1d1f0e-0000-4000-8000-000000000000/outcome`, { outcome: 'job_found' })).status).toBe(404);
  });
});
