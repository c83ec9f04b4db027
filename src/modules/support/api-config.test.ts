import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;

async function tokenFor(owner: Actor, scopes: string[]): Promise<string> {
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Outil de configuration', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: owner.userId }).execute(),
  );
  return secret;
}
const get = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
const post = (path: string, secret: string, body?: unknown) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

const programme = {
  name: 'Accompagnement sortie d’hospitalisation',
  kind: 'generic',
  sensitivity: 'normal',
  eligibility: ['Sortie d’hospitalisation depuis moins de 3 mois ?'],
  steps: [
    { label: 'Premier rendez-vous', dueDays: 7 },
    { label: 'Bilan', dueDays: 60 },
  ],
  retentionMonths: 24,
  retentionFrom: 'last_contact',
  retentionAction: 'anonymise',
  legalBasis: 'Intérêt légitime du bailleur (maintien dans le logement).',
  notice: 'Vos informations servent à votre accompagnement ; vous pouvez y accéder.',
};

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.manager.orgId as string;
});

describe('/api/v1/support programme configuration and teams with tokens', () => {
  let id: string;

  it('creates a programme by configuration (201), lists it with its steps and retention; a duplicate name is 422; an adviser cannot', async () => {
    const manager = await tokenFor(a.manager, ['support.programmes.manage']);
    const made = await post('/api/v1/support/programmes', manager, programme);
    expect(made.status).toBe(201);
    id = (await made.json()).id;
    const dup = await post('/api/v1/support/programmes', manager, programme);
    expect(dup.status).toBe(422);
    expect((await dup.json()).fields.name).toBeTruthy();
    expect((await post('/api/v1/support/programmes', manager, { ...programme, name: 'Autre', retentionMonths: 0 })).status).toBe(422);
    const list = await (await get('/api/v1/support/programmes', manager)).json();
    const mine = list.data.find((p: { id: string }) => p.id === id);
    expect(mine).toMatchObject({ kind: 'generic', sensitivity: 'normal', managedByMe: true, eligibility: programme.eligibility, retention: { months: 24, from: 'last_contact', action: 'anonymise' } });
    expect(mine.steps.map((s: { label: string; dueDays: number }) => [s.label, s.dueDays])).toEqual([
      ['Premier rendez-vous', 7],
      ['Bilan', 60],
    ]);
    const adviser = await tokenFor(a.adviserA, ['support.cases.read']);
    expect((await get('/api/v1/support/programmes', adviser)).status).toBe(403);
  });

  it('edits it, keeping the steps’ keys; a token may not raise it to highly sensitive nor touch a highly sensitive programme', async () => {
    const manager = await tokenFor(a.manager, ['support.programmes.manage', 'support.cases.sensitive']);
    const before = (await (await get('/api/v1/support/programmes', manager)).json()).data.find((p: { id: string }) => p.id === id);
    const steps = before.steps.map((s: { key: string; label: string; dueDays: number }) => ({ key: s.key, label: s.label, dueDays: s.dueDays + 1 }));
    expect((await post(`/api/v1/support/programmes/${id}`, manager, { ...programme, sensitivity: 'sensitive', steps })).status).toBe(200);
    const after = (await (await get('/api/v1/support/programmes', manager)).json()).data.find((p: { id: string }) => p.id === id);
    expect(after.sensitivity).toBe('sensitive');
    expect(after.steps.map((s: { key: string }) => s.key)).toEqual(before.steps.map((s: { key: string }) => s.key));
    expect(after.steps[0].dueDays).toBe(8);
    const raise = await post(`/api/v1/support/programmes/${id}`, manager, { ...programme, sensitivity: 'highly_sensitive', steps });
    expect(raise.status).toBe(403);
    const highly = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('support_programmes').select('id').where('sensitivity', '=', 'highly_sensitive').executeTakeFirstOrThrow()).id as string);
    expect((await post(`/api/v1/support/programmes/${highly}`, manager, { ...programme, name: 'Baisse de sensibilité', sensitivity: 'normal' })).status).toBe(403);
    expect((await post(`/api/v1/support/programmes/${highly}/team`, manager, { userId: a.adviserB.userId })).status).toBe(403);
    // Without the sensitive scope, the now sensitive programme cannot be edited either.
    const plain = await tokenFor(a.manager, ['support.programmes.manage']);
    expect((await post(`/api/v1/support/programmes/${id}`, plain, { ...programme, steps })).status).toBe(403);
  });

  it('names adviser B in the team: B sees the programme’s cases at once; taking B out hides them again', async () => {
    const manager = await tokenFor(a.manager, ['support.programmes.manage', 'support.cases.sensitive']);
    const householdId = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string);
    const opened = await openCase(t.database.db, a.adviserA, { programmeId: id, householdId, situation: 'Retour à domicile', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    expect(await readCase(t.database.db, a.adviserB, opened.caseId)).toMatchObject({ ok: false, status: 404 });
    expect((await post(`/api/v1/support/programmes/${id}/team`, manager, { userId: a.concierge.userId })).status).toBe(422);
    expect((await post(`/api/v1/support/programmes/${id}/team`, manager, { userId: a.adviserB.userId })).status).toBe(200);
    const team = await (await get(`/api/v1/support/programmes/${id}/team`, manager)).json();
    expect(team.data.map((m: { userId: string }) => m.userId)).toEqual([a.adviserB.userId]);
    expect((await readCase(t.database.db, a.adviserB, opened.caseId)).ok).toBe(true);
    expect((await post(`/api/v1/support/programmes/${id}/team/remove`, manager, { userId: a.adviserB.userId })).status).toBe(200);
    expect(await readCase(t.database.db, a.adviserB, opened.caseId)).toMatchObject({ ok: false, status: 404 });
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('action').where('target_id', '=', id).execute());
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['support.programme.create', 'support.programme.update', 'support.team.add', 'support.team.remove']));
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(doc.paths['/api/v1/support/programmes'].get).toBeDefined();
    expect(doc.paths['/api/v1/support/programmes'].post).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/support/programmes/{id}', '/api/v1/support/programmes/{id}/team', '/api/v1/support/programmes/{id}/team/remove']));
  });
});
