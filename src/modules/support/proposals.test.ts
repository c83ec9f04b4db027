import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../platform/auth/tokens.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { answerProposal, partnerCommitments, proposeApplicant } from './commands/proposals.js';
import { createQuota } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Actor;
let referent: Actor;
let ddchStaff: Actor;
let nextYearQuota: string;
const NEXT = new Date().getFullYear() + 1;

beforeAll(async () => {
  t = await testApp();
  manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  // A DDCH worker: a partner of Logirem too, but not for Elia's commitments.
  const o = t.database.owner;
  const ddch = (await o.query(`select id from organisations where slug = 'ddch'`)).rows[0].id;
  const user = (await o.query(`insert into users (email, display_name) values ('accueil@ddch.test.palier.fr', 'Accueil DDCH') returning id`)).rows[0].id;
  await o.query(`insert into memberships (organisation_id, user_id, role) values ($1, $2, 'partner_staff')`, [ddch, user]);
  ddchStaff = await actorFor(t.database.db, 'accueil@ddch.test.palier.fr');
  const q = await createQuota(t.database.db, manager, { partnerId: referent.orgId as string, label: 'Familles réfugiées (convention Elia)', year: NEXT, places: 2 });
  if (!q.ok) throw new Error('quota');
  nextYearQuota = q.quotaId;
});

describe('applicants proposed by the partner against a commitment', () => {
  it('Elia sees the commitments made to it (not DDCH), proposes with its own reference; Logirem allocates a place or declines, once; the last place never twice', async () => {
    const seen = await partnerCommitments(t.database.db, referent);
    expect(seen.ok && seen.commitments.map((q) => q.id)).toContain(nextYearQuota);
    const other = await partnerCommitments(t.database.db, ddchStaff);
    expect(other.ok && other.commitments.map((q) => q.id)).not.toContain(nextYearQuota);
    expect(await proposeApplicant(t.database.db, ddchStaff, nextYearQuota, { applicantRef: 'DDCH-1', householdSize: 2, need: '' })).toMatchObject({ ok: false, status: 422, errors: { quotaId: 'support.proposal.unknownCommitment' } });

    const ids: string[] = [];
    for (const ref of ['ELIA-P-1', 'ELIA-P-2', 'ELIA-P-3']) {
      const r = await proposeApplicant(t.database.db, referent, nextYearQuota, { applicantRef: ref, householdSize: 4, need: 'T3 près d’une école' });
      if (!r.ok) throw new Error(JSON.stringify(r));
      ids.push(r.proposalId);
    }
    expect(await proposeApplicant(t.database.db, referent, nextYearQuota, { applicantRef: 'ELIA-P-1', householdSize: 4, need: '' })).toMatchObject({ status: 409, errors: { applicantRef: 'support.proposal.duplicate' } });
    // The partner cannot answer its own proposal; DDCH cannot even read it.
    expect(await answerProposal(t.database.db, referent, ids[0], 'allocate')).toMatchObject({ ok: false, status: 403 });
    // (DDCH reads only its own: the two of the demo.)
    const ddchReads = await withTenant(t.database.db, { orgId: ddchStaff.orgId, userId: ddchStaff.userId }, (tx) => tx.selectFrom('support_quota_proposals').select(['quota_id', 'partner_org_id']).execute());
    expect(ddchReads.map((r) => r.partner_org_id)).toEqual([ddchStaff.orgId, ddchStaff.orgId]);
    expect(ddchReads.some((r) => r.quota_id === nextYearQuota)).toBe(false);

    // Two places: two concurrent allocations on the last three proposals give exactly two seats.
    const results = await Promise.all(ids.map((id) => answerProposal(t.database.db, manager, id, 'allocate')));
    expect(results.filter((r) => r.ok).map((r) => r.ok && r.seat).sort()).toEqual([1, 2]);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ status: 409, errors: { form: 'support.quota.full' } }]);
    const left = ids[results.findIndex((r) => !r.ok)];
    expect(await answerProposal(t.database.db, manager, left, 'decline')).toEqual({ ok: true, seat: null });
    expect(await answerProposal(t.database.db, manager, left, 'allocate')).toMatchObject({ status: 409, errors: { form: 'support.proposal.answered' } });
    const after = await partnerCommitments(t.database.db, referent);
    const mine = after.ok ? after.commitments.find((q) => q.id === nextYearQuota) : undefined;
    expect(mine?.proposals.map((p) => p.status).sort()).toEqual(['allocated', 'allocated', 'declined']);
    // The allocations stay the landlord's: the partner reads none of them.
    const allocations = await withTenant(t.database.db, { orgId: referent.orgId, userId: referent.userId }, (tx) => tx.selectFrom('support_quota_allocations').select('id').execute());
    expect(allocations).toEqual([]);
  });

  it('over HTTP without JavaScript: the partner’s page and form (errors in French, values kept); the landlord answers from the programmes page', async () => {
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    const page = await (await partner.get('/support/commitments')).text();
    expect(page).toContain('Engagements des bailleurs envers votre association');
    const bad = await partner.post('/support/commitments/proposals', { quotaId: '', applicantRef: 'ELIA-W-9', householdSize: '0', need: 'T2' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-quotaId-error"');
    expect(html).toContain('Indiquez un nombre de personnes entre 1 et 20.');
    expect(html).toContain('value="ELIA-W-9"');
    const current = await withTenant(t.database.db, { orgId: manager.orgId }, async (tx) => (await tx.selectFrom('support_quotas').select('id').where('partner_org_id', '=', referent.orgId as string).where('label', '=', 'Familles réfugiées (convention Elia)').executeTakeFirstOrThrow()).id as string);
    expect((await partner.post('/support/commitments/proposals', { quotaId: current, applicantRef: 'ELIA-W-9', householdSize: '3', need: 'T2' })).status).toBe(303);

    const landlord = t.client();
    await landlord.signIn(LOGIREM.manager);
    const programmes = await (await landlord.get('/support/programmes')).text();
    expect(programmes).toContain('Candidats proposés par les partenaires');
    expect(programmes).toContain('Attribuer un logement à ELIA-W-9');
    const proposal = await withTenant(t.database.db, { orgId: manager.orgId }, async (tx) => (await tx.selectFrom('support_quota_proposals').select('id').where('applicant_ref', '=', 'ELIA-W-9').executeTakeFirstOrThrow()).id as string);
    expect((await landlord.post(`/support/proposals/${proposal}/decline`, {})).status).toBe(303);
    expect(await (await partner.get('/support/commitments')).text()).toContain('Non retenu');
    // An adviser cannot answer; the partner cannot reach the landlord's answer route.
    expect((await partner.post(`/support/proposals/${proposal}/allocate`, {})).status).toBe(403);
  });

  it('over /api/v1 with tokens: the manager records a commitment, the partner proposes against it, the manager allocates', async () => {
    const tokenFor = async (owner: Actor, scopes: string[]) => {
      const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
      await withTenant(t.database.db, { orgId: owner.orgId }, (tx) =>
        tx.insertInto('api_tokens').values({ organisation_id: owner.orgId, name: 'Quotas', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: owner.userId }).execute(),
      );
      return secret;
    };
    const call = (secret: string, path: string, body?: unknown) =>
      t.app.request(path, body === undefined ? { headers: { authorization: `Bearer ${secret}` } } : { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const landlord = await tokenFor(manager, ['support.quotas.manage']);
    const partner = await tokenFor(referent, ['support.quotas.propose']);
    const made = await call(landlord, '/api/v1/support/quotas', { partnerId: referent.orgId, label: 'Jeunes majeurs sortant de l’ASE', year: NEXT + 1, places: 1 });
    expect(made.status).toBe(201);
    const { id: quotaId } = await made.json();
    expect((await call(landlord, '/api/v1/support/quotas', { partnerId: referent.orgId, label: 'Encore', year: NEXT + 1, places: 1 })).status).toBe(409);
    const listed = await (await call(partner, '/api/v1/support/commitments')).json();
    expect(listed.data.find((q: { id: string }) => q.id === quotaId)).toMatchObject({ label: 'Jeunes majeurs sortant de l’ASE', places: 1, proposals: [] });
    const proposed = await call(partner, `/api/v1/support/commitments/${quotaId}/proposals`, { applicantRef: 'ELIA-API-1', householdSize: 1, need: 'Studio' });
    expect(proposed.status).toBe(201);
    const { id: proposalId } = await proposed.json();
    // The partner's token cannot answer; the landlord's cannot propose.
    expect((await call(partner, `/api/v1/support/proposals/${proposalId}/answer`, { answer: 'allocate' })).status).toBe(403);
    expect((await call(landlord, `/api/v1/support/commitments/${quotaId}/proposals`, { applicantRef: 'X', householdSize: 1 })).status).toBe(403);
    const pending = await (await call(landlord, '/api/v1/support/proposals')).json();
    expect(pending.data.find((p: { id: string }) => p.id === proposalId)).toMatchObject({ applicantRef: 'ELIA-API-1', householdSize: 1, status: 'proposed', seat: null, commitmentId: quotaId });
    const answered = await call(landlord, `/api/v1/support/proposals/${proposalId}/answer`, { answer: 'allocate' });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ seat: 1 });
    expect((await call(landlord, `/api/v1/support/proposals/${proposalId}/answer`, { answer: 'decline' })).status).toBe(409);
  });
});
