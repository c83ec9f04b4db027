import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { answerProposal, proposeApplicant } from './commands/proposals.js';
import { allocatePlace, createQuota, quotaAllocations, setAllocationDwelling } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Actor;
let referent: Actor;
let quotaId: string;
/** Two of Logirem's dwellings, and one of another landlord's. */
let ours: string[];
let theirs: string;
const YEAR = new Date().getFullYear() + 3;

const allocationOf = (seat: number) =>
  withTenant(t.database.db, { orgId: manager.orgId }, (tx) =>
    tx.selectFrom('support_quota_allocations').select(['id', 'dwelling_id', 'applicant_ref']).where('quota_id', '=', quotaId).where('seat', '=', seat).executeTakeFirst(),
  );
const dwellingId = async (ref: string) => (await t.database.owner.query('select id from dwellings where reference = $1', [ref])).rows[0].id as string;

beforeAll(async () => {
  t = await testApp();
  manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  const o = t.database.owner;
  ours = (await o.query(`select reference from dwellings where organisation_id = $1 order by reference limit 2`, [manager.orgId])).rows.map((r) => r.reference as string);
  theirs = (await o.query(`select reference from dwellings where organisation_id <> $1 order by reference limit 1`, [manager.orgId])).rows[0].reference as string;
  const q = await createQuota(t.database.db, manager, { partnerId: referent.orgId as string, label: 'Familles accompagnées par Elia', year: YEAR, places: 6 });
  if (!q.ok) throw new Error('quota');
  quotaId = q.quotaId;
});

describe('the dwelling given for a place of a partner commitment', () => {
  it('named at allocation by its reference; an unknown or another landlord’s reference is a field error and gives no place', async () => {
    expect(await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-D-0', dwellingRef: 'PAS-UN-LOGEMENT' })).toMatchObject({ ok: false, status: 422, errors: { dwellingRef: 'support.allocation.unknownDwelling' } });
    // Row-level security: another landlord's dwelling is not in Logirem's register.
    expect(await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-D-0', dwellingRef: theirs })).toMatchObject({ ok: false, status: 422, errors: { dwellingRef: 'support.allocation.unknownDwelling' } });
    expect(await allocationOf(1)).toBeUndefined();
    expect(await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-D-1', dwellingRef: ` ${ours[0]} ` })).toEqual({ ok: true, seat: 1 });
    expect((await allocationOf(1))?.dwelling_id).toBe(await dwellingId(ours[0]));
  });

  it('named later, or corrected, on the allocation; audited with the place; listed with the residence; another landlord gets 404', async () => {
    expect(await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-D-2' })).toEqual({ ok: true, seat: 2 });
    const a = await allocationOf(2);
    expect(a?.dwelling_id).toBeNull();
    expect(await setAllocationDwelling(t.database.db, manager, a?.id as string, '')).toMatchObject({ status: 422, errors: { dwellingRef: 'form.required' } });
    expect(await setAllocationDwelling(t.database.db, manager, a?.id as string, theirs)).toMatchObject({ status: 422, errors: { dwellingRef: 'support.allocation.unknownDwelling' } });
    expect((await allocationOf(2))?.dwelling_id).toBeNull();
    expect(await setAllocationDwelling(t.database.db, manager, a?.id as string, ours[1])).toMatchObject({ ok: true });
    expect((await allocationOf(2))?.dwelling_id).toBe(await dwellingId(ours[1]));
    const audit = await t.database.owner.query(`select details from audit_events where action = 'support.quota.dwelling' and target_id = $1`, [quotaId]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].details).toMatchObject({ seat: 2, from: null, to: await dwellingId(ours[1]) });
    expect(JSON.stringify(audit.rows[0].details)).not.toContain('ELIA-D-2');

    const listed = await quotaAllocations(t.database.db, manager);
    const row = listed.ok ? listed.allocations.find((x) => x.id === a?.id) : undefined;
    expect(row).toMatchObject({ seat: 2, applicant_ref: 'ELIA-D-2', dwelling_ref: ours[1] });
    expect(row?.residence).toBeTruthy();
    // The partner neither lists the landlord's allocations nor names their dwellings.
    expect(await quotaAllocations(t.database.db, referent)).toMatchObject({ ok: false, status: 403 });
    expect(await setAllocationDwelling(t.database.db, referent, a?.id as string, ours[0])).toMatchObject({ ok: false, status: 403 });
    const other = await actorFor(t.database.db, (await t.database.owner.query(`select u.email from users u join memberships m on m.user_id = u.id where m.role = 'programme_manager' and m.organisation_id <> $1 limit 1`, [manager.orgId])).rows[0].email);
    expect(await setAllocationDwelling(t.database.db, other, a?.id as string, theirs)).toMatchObject({ ok: false, status: 404 });
  });

  it('answering a partner’s proposal names the dwelling too; a wrong reference leaves the proposal unanswered', async () => {
    const p = await proposeApplicant(t.database.db, referent, quotaId, { applicantRef: 'ELIA-D-3', householdSize: 3, need: 'T3' });
    if (!p.ok) throw new Error('proposal');
    expect(await answerProposal(t.database.db, manager, p.proposalId, 'allocate', new Date(), '', 'NULLE-PART')).toMatchObject({ status: 422, errors: { dwellingRef: 'support.allocation.unknownDwelling' } });
    const still = await withTenant(t.database.db, { orgId: manager.orgId }, (tx) => tx.selectFrom('support_quota_proposals').select(['status', 'seat']).where('id', '=', p.proposalId).executeTakeFirstOrThrow());
    expect(still).toEqual({ status: 'proposed', seat: null });
    expect(await answerProposal(t.database.db, manager, p.proposalId, 'allocate', new Date(), '', ours[0])).toEqual({ ok: true, seat: 3 });
    expect((await allocationOf(3))?.dwelling_id).toBe(await dwellingId(ours[0]));
  });
});

describe('over HTTP without JavaScript and over /api/v1', () => {
  it('the programmes page lists the places with their dwelling; a wrong reference is a French field error on its row, value kept; then saved', async () => {
    const landlord = t.client();
    await landlord.signIn(LOGIREM.manager);
    expect((await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-D-4' })).ok).toBe(true);
    const a = await allocationOf(4);
    const page = await (await landlord.get('/support/programmes')).text();
    expect(page).toContain('Places attribuées et logements');
    expect(page).toContain('Logement pas encore indiqué');
    expect(page).toContain(`for="f-dw-${a?.id}"`);
    const bad = await landlord.post(`/support/allocations/${a?.id}/dwelling`, { dwellingRef: 'INCONNU-42' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Aucun logement de votre patrimoine ne porte cette référence.');
    expect(html).toContain(`href="#f-dw-${a?.id}"`);
    expect(html).toContain('value="INCONNU-42"');
    expect((await landlord.post(`/support/allocations/${a?.id}/dwelling`, { dwellingRef: ours[1] })).status).toBe(303);
    expect((await allocationOf(4))?.dwelling_id).toBe(await dwellingId(ours[1]));
    // The partner's staff cannot reach the route; a made-up id is 404.
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    expect((await partner.post(`/support/allocations/${a?.id}/dwelling`, { dwellingRef: ours[0] })).status).toBe(403);
    expect((await landlord.post('/support/allocations/not-an-id/dwelling', { dwellingRef: ours[0] })).status).toBe(404);
  });

  it('in English: the allocation form’s dwelling field refuses an unknown reference, nothing allocated', async () => {
    const landlord = t.client();
    await landlord.signIn(LOGIREM.manager);
    await t.database.owner.query(`update users set locale = 'en' where email = $1`, [LOGIREM.manager]);
    try {
      const en = t.client();
      await en.signIn(LOGIREM.manager);
      const bad = await en.post('/support/quotas/allocate', { quotaId, applicantRef: 'ELIA-D-5', dwellingRef: 'NOWHERE-1' });
      expect(bad.status).toBe(422);
      const html = await bad.text();
      expect(html).toContain('No dwelling of your housing stock has this reference.');
      expect(html).toContain('value="ELIA-D-5"');
      expect(await allocationOf(5)).toBeUndefined();
    } finally {
      await t.database.owner.query(`update users set locale = 'fr' where email = $1`, [LOGIREM.manager]);
    }
  });

  it('API: allocations listed with their dwelling (null until named), named by reference; 422 by field; the partner’s token refused', async () => {
    const tokenFor = async (owner: Actor, scopes: string[]) => {
      const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
      await withTenant(t.database.db, { orgId: owner.orgId }, (tx) =>
        tx.insertInto('api_tokens').values({ organisation_id: owner.orgId, name: 'Places', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: owner.userId }).execute(),
      );
      return secret;
    };
    const call = (secret: string, path: string, body?: unknown) =>
      t.app.request(path, body === undefined ? { headers: { authorization: `Bearer ${secret}` } } : { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const landlord = await tokenFor(manager, ['support.quotas.manage']);
    const partner = await tokenFor(referent, ['support.quotas.propose']);
    const p = await proposeApplicant(t.database.db, referent, quotaId, { applicantRef: 'ELIA-D-6', householdSize: 2, need: '' });
    if (!p.ok) throw new Error('proposal');
    const wrong = await call(landlord, `/api/v1/support/proposals/${p.proposalId}/answer`, { answer: 'allocate', dwellingRef: 'NOWHERE-2' });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).fields).toEqual({ dwellingRef: 'Aucun logement de votre patrimoine ne porte cette référence.' });
    // No dwelling yet: the place is given, the dwelling named afterwards.
    expect(await (await call(landlord, `/api/v1/support/proposals/${p.proposalId}/answer`, { answer: 'allocate' })).json()).toEqual({ seat: 5 });
    const list = await (await call(landlord, '/api/v1/support/allocations')).json();
    const mine = list.data.filter((x: { commitmentId: string }) => x.commitmentId === quotaId);
    expect(mine.map((x: { seat: number }) => x.seat)).toEqual([1, 2, 3, 4, 5]);
    const last = mine[4];
    expect(last).toMatchObject({ applicantRef: 'ELIA-D-6', year: String(YEAR), dwelling: null });
    expect(mine[0].dwelling).toMatchObject({ reference: ours[0] });
    expect((await call(landlord, `/api/v1/support/allocations/${last.id}/dwelling`, { dwellingRef: '' })).status).toBe(422);
    expect((await call(landlord, `/api/v1/support/allocations/${last.id}/dwelling`, { dwellingRef: theirs })).status).toBe(422);
    const ok = await call(landlord, `/api/v1/support/allocations/${last.id}/dwelling`, { dwellingRef: ours[0] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ dwellingId: await dwellingId(ours[0]) });
    expect((await call(partner, '/api/v1/support/allocations')).status).toBe(403);
    expect((await call(partner, `/api/v1/support/allocations/${last.id}/dwelling`, { dwellingRef: ours[1] })).status).toBe(403);
  });
});
