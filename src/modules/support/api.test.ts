import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { assignAdviser } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
let caseId: string;
let hiddenId: string;

/** A token of adviser A limited to `scopes`, written as the token pages would. */
async function tokenFor(scopes: string[]): Promise<string> {
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx
      .insertInto('api_tokens')
      .values({ organisation_id: orgId, name: 'Logiciel de suivi', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: adviser.userId })
      .execute(),
  );
  return secret;
}
const bearer = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  const { programmeId, households } = await withTenant(t.database.db, { orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string,
    households: (await tx.selectFrom('households').select('id').orderBy('reference').limit(2).execute()).map((h) => h.id as string),
  }));
  const a = await openCase(t.database.db, adviser, { programmeId, householdId: households[0], situation: 'Dettes de loyer après une séparation', confidentialAddress: false });
  const b = await openCase(t.database.db, adviser, { programmeId, householdId: households[1], situation: 'Mise à l’abri', confidentialAddress: true });
  if (!a.ok || !b.ok) throw new Error('open');
  caseId = a.caseId;
  hiddenId = b.caseId;
});

describe('/api/v1/support', () => {
  it('lists the caller’s cases with only the allowed fields, and audits the read', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const res = await client.get('/api/v1/support/cases?limit=100');
    expect(res.status).toBe(200);
    const body = await res.json();
    const mine = body.data.find((x: { id: string }) => x.id === caseId);
    expect(Object.keys(mine).sort()).toEqual(['closedAs', 'household', 'id', 'inScope', 'nextDueOn', 'openedOn', 'outOfScopeReason', 'overdueSteps', 'programme', 'reference', 'stage', 'status']);
    expect(mine.programme).toMatchObject({ kind: 'onboarding', name: 'Nouveaux entrants' });
    expect(JSON.stringify(body)).not.toContain('Dettes de loyer');
    expect(body.total).toBe(body.data.length);
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    const theirs = await (await other.get('/api/v1/support/cases?limit=100')).json();
    expect(theirs.data.map((x: { id: string }) => x.id)).not.toContain(caseId);
    expect((await other.get('/api/v1/support/cases?status=lost')).status).toBe(400);
    const trail = await withTenant(t.database.db, { orgId }, (tx) =>
      tx.selectFrom('audit_events').select('details').where('action', '=', 'support.cases.list').where('actor_user_id', '=', adviser.userId).execute(),
    );
    expect(trail.map((e) => e.details)).toContainEqual(expect.objectContaining({ via: 'api' }));
  });

  it('gives a case’s summary to its adviser, situation included; a confidential address only to those named', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const summary = await (await client.get(`/api/v1/support/cases/${caseId}`)).json();
    expect(summary).toMatchObject({ id: caseId, status: 'open', situation: 'Dettes de loyer après une séparation', programme: { kind: 'onboarding', sensitivity: 'normal' }, documents: 0 });
    expect(summary.steps.length).toBeGreaterThan(0);
    expect(summary).not.toHaveProperty('household_id');
    expect(summary).not.toHaveProperty('confidential_address');
    // Adviser A marked the address confidential, so A is named; adviser B, assigned too, is not.
    expect((await client.get(`/api/v1/support/cases/${hiddenId}`)).status).toBe(200);
    const adviserB = await actorFor(t.database.db, LOGIREM.adviserB);
    expect((await assignAdviser(t.database.db, await actorFor(t.database.db, LOGIREM.adviserA), hiddenId, adviserB.userId)).ok).toBe(true);
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    const hidden = await (await other.get(`/api/v1/support/cases/${hiddenId}`)).json();
    expect(hidden.residence).toBeNull();
    // Adviser A is named, yet an API token never carries a confidential address out; the read's audit says it was not shown.
    const token = await tokenFor(['support.cases.read', 'support.cases.sensitive']);
    const byToken = await (await bearer(`/api/v1/support/cases/${hiddenId}`, token)).json();
    expect(byToken.residence).toBeNull();
    const reads = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'support.case.read').where('target_id', '=', hiddenId).execute());
    expect(reads.map((r) => r.details)).toContainEqual({ why: 'api summary', address: false, via: 'token' });
  });

  it('need-to-know: adviser B gets 404, the administrator and the concierge 403', async () => {
    for (const [email, status] of [
      [LOGIREM.adviserB, 404],
      [LOGIREM.admin, 403],
      [LOGIREM.concierge, 403],
    ] as const) {
      const client = t.client();
      await client.signIn(email);
      expect((await client.get(`/api/v1/support/cases/${caseId}`)).status, email).toBe(status);
      expect((await client.get(`/api/v1/support/cases/${caseId}/situation`)).status, email).toBe(status);
    }
  });

  it('a token without the sensitive scope gets the summary without the situation, and no narrative', async () => {
    const plain = await tokenFor(['support.cases.read']);
    const summary = await (await bearer(`/api/v1/support/cases/${caseId}`, plain)).json();
    expect(summary.reference).toMatch(/^ACC-/);
    expect(summary).not.toHaveProperty('situation');
    expect((await bearer(`/api/v1/support/cases/${caseId}/situation`, plain)).status).toBe(403);
    const full = await tokenFor(['support.cases.read', 'support.cases.sensitive']);
    expect((await (await bearer(`/api/v1/support/cases/${caseId}`, full)).json()).situation).toBe('Dettes de loyer après une séparation');
    const narrative = await (await bearer(`/api/v1/support/cases/${caseId}/situation`, full)).json();
    expect(narrative).toEqual({ situation: 'Dettes de loyer après une séparation', notes: [] });
    const reads = await withTenant(t.database.db, { orgId }, (tx) =>
      tx.selectFrom('audit_events').select('details').where('action', '=', 'support.case.read').where('target_id', '=', caseId).execute(),
    );
    expect(reads.map((r) => r.details)).toContainEqual({ why: 'api situation', via: 'token' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/support/cases', '/api/v1/support/cases/{id}', '/api/v1/support/cases/{id}/situation']));
  });
});
