import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { addTeamMember } from './commands/team.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * Lowering a sensitive programme to "normal" while it has a named team: refused until the manager confirms (page,
 * no JavaScript, and API); confirmed, the team is removed in the same transaction, its members lose the cases they
 * are not assigned to (in PostgreSQL and in the application), and the change and each removal are audited.
 */
let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;
const owner = async (q: string, p: unknown[] = []) => (await t.database.owner.query(q, p)).rows;

/** A programme of this sensitivity managed by the demo's manager, with adviser B in its team and a case of adviser A. */
async function programmeWithTeam(name: string, sensitivity: 'sensitive' | 'highly_sensitive') {
  const programmeId = randomUUID();
  const householdId = await withTenant(t.database.db, { orgId }, async (tx) => {
    await tx
      .insertInto('support_programmes')
      .values({ id: programmeId, organisation_id: orgId, kind: 'generic', name, sensitivity, residence_kinds: [], residence_ids: sql`'{}'::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: a.manager.userId })
      .execute();
    return (await tx.selectFrom('households').select('id').where('reference', 'like', '%').orderBy('reference').executeTakeFirstOrThrow()).id as string;
  });
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Situation de test.', confidentialAddress: false });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  const added = await addTeamMember(t.database.db, a.manager, programmeId, a.adviserB.userId as string);
  if (!added.ok) throw new Error(JSON.stringify(added));
  return { programmeId, caseId: opened.caseId };
}

const form = (name: string, sensitivity: string, extra: Record<string, string> = {}) => ({
  name,
  kind: 'generic',
  sensitivity,
  eligibility: '',
  retentionMonths: '',
  retentionFrom: 'last_contact',
  retentionAction: 'anonymise',
  legalBasis: 'Test',
  notice: 'Test',
  ...extra,
});
const sensitivityOf = async (id: string) => (await owner('select sensitivity from support_programmes where id = $1', [id]))[0].sensitivity;
const teamOf = async (id: string) => (await owner('select user_id::text from support_programme_team where programme_id = $1', [id])).map((r) => r.user_id);
/** What PostgreSQL shows adviser B of the case, and what the application answers. */
async function adviserBSees(caseId: string) {
  const db = await withTenant(t.database.db, { orgId, userId: a.adviserB.userId }, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from support_cases where id = ${caseId}`.execute(tx)).rows[0].n);
  const r = await readCase(t.database.db, a.adviserB, caseId);
  return { db, app: r.ok ? 200 : r.status };
}

beforeAll(async () => {
  t = await testApp();
  for (const k of ['adviserA', 'adviserB', 'manager'] as const) a[k] = await actorFor(t.database.db, LOGIREM[k]);
  orgId = a.manager.orgId as string;
});

describe('lowering a sensitive programme with a named team to normal', () => {
  it('the page refuses it without the confirm box (French, nothing saved, the team still sees); confirmed, the team is removed, loses the case, and it is audited', async () => {
    const { programmeId, caseId } = await programmeWithTeam('Santé mentale (baisse, test)', 'highly_sensitive');
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    const refused = await client.post(`/support/programmes/${programmeId}`, form('Santé mentale (baisse, test)', 'normal'));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Ce programme a une équipe nommée : un programme normal n’en a pas.');
    expect(html).toContain('name="confirmLowering"');
    expect(html).toContain(`href="/support/programmes/${programmeId}/team"`);
    expect(await sensitivityOf(programmeId)).toBe('highly_sensitive');
    expect(await teamOf(programmeId)).toEqual([a.adviserB.userId]);
    expect(await adviserBSees(caseId)).toEqual({ db: 1, app: 200 });

    const saved = await client.post(`/support/programmes/${programmeId}`, form('Santé mentale (baisse, test)', 'normal', { confirmLowering: 'on' }));
    expect(saved.status).toBe(303);
    expect(await sensitivityOf(programmeId)).toBe('normal');
    expect(await teamOf(programmeId)).toEqual([]);
    expect(await adviserBSees(caseId)).toEqual({ db: 0, app: 404 });
    // The assigned adviser and the manager keep it.
    expect((await readCase(t.database.db, a.adviserA, caseId)).ok).toBe(true);
    expect((await readCase(t.database.db, a.manager, caseId)).ok).toBe(true);
    const trail = await owner(`select action, details from audit_events where target_id = $1 and action in ('support.team.remove', 'support.programme.sensitivity') order by action`, [programmeId]);
    expect(trail).toEqual([
      { action: 'support.programme.sensitivity', details: { from: 'highly_sensitive', to: 'normal', teamRemoved: 1 } },
      { action: 'support.team.remove', details: { user: a.adviserB.userId, why: 'lowered' } },
    ]);
  });

  it('the API asks the same (422 at confirmLowering, in English), then saves with confirmLowering true; raising back is audited and needs no confirmation', async () => {
    const { programmeId, caseId } = await programmeWithTeam('Précarité (baisse API, test)', 'sensitive');
    const token = await apiTokenFor(t, LOGIREM.manager, ['support.programmes.manage', 'support.cases.sensitive']);
    const call = (sensitivity: string, confirm?: boolean) =>
      t.app.request(`/api/v1/support/programmes/${programmeId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ name: 'Précarité (baisse API, test)', kind: 'generic', sensitivity, retentionFrom: 'last_contact', retentionAction: 'anonymise', legalBasis: 'Test', notice: 'Test', ...(confirm === undefined ? {} : { confirmLowering: confirm }) }),
      });
    const refused = await call('normal');
    expect(refused.status).toBe(422);
    expect((await refused.json()).fields).toEqual({ confirmLowering: expect.stringContaining('This programme has a named team: a normal programme has none.') });
    expect(await teamOf(programmeId)).toEqual([a.adviserB.userId]);
    expect((await call('normal', true)).status).toBe(200);
    expect(await teamOf(programmeId)).toEqual([]);
    expect(await adviserBSees(caseId)).toEqual({ db: 0, app: 404 });
    // Raised again: the team does not come back by itself (the manager names it anew), the change is on the trail.
    expect((await call('sensitive')).status).toBe(200);
    expect(await teamOf(programmeId)).toEqual([]);
    const changes = await owner(`select details from audit_events where target_id = $1 and action = 'support.programme.sensitivity' order by id`, [programmeId]);
    expect(changes.map((r) => r.details)).toEqual([
      { from: 'sensitive', to: 'normal', teamRemoved: 1 },
      { from: 'normal', to: 'sensitive', teamRemoved: 0 },
    ]);
  });

  it('from highly sensitive to sensitive the team stays and no confirmation is asked', async () => {
    const { programmeId, caseId } = await programmeWithTeam('Violences (sensible, test)', 'highly_sensitive');
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    expect((await client.post(`/support/programmes/${programmeId}`, form('Violences (sensible, test)', 'sensitive'))).status).toBe(303);
    expect(await teamOf(programmeId)).toEqual([a.adviserB.userId]);
    expect(await adviserBSees(caseId)).toEqual({ db: 1, app: 200 });
  });
});
