import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { type Tx, withTenant } from '../../platform/db/tenant.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { answerProposal, proposeApplicant, restoreProposal, withdrawProposal } from './commands/proposals.js';
import { createQuota } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let manager: Actor;
let referent: Actor;
let quotaId: string;
let elia: string;
const YEAR = new Date().getFullYear() + 2;
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;

async function mailsTo(email: string) {
  for (let i = 0; i < 50 && (await owner("select 1 from notifications where status = 'queued'")).length; i++) {
    await deliverPendingNotifications(t.services);
    await new Promise((r) => setTimeout(r, 20));
  }
  return smtp.mails.filter((m) => m.to.includes(email));
}

async function propose(ref: string): Promise<string> {
  const r = await proposeApplicant(t.database.db, referent, quotaId, { applicantRef: ref, householdSize: 4, need: 'T4 près du tram' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.proposalId;
}
const statusOf = async (id: string) => (await owner('select status, withdrawn_at is null as cleared, household_size, need from support_quota_proposals where id = $1', [id]))[0];

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  elia = (await owner('select name from organisations where id = $1', [referent.orgId]))[0].name;
  const q = await createQuota(t.database.db, manager, { partnerId: referent.orgId as string, label: 'Familles réfugiées (convention Elia)', year: YEAR, places: 3 });
  if (!q.ok) throw new Error('quota');
  quotaId = q.quotaId;
});
afterAll(async () => {
  await smtp?.close();
});

describe('a partner puts back an applicant it withdrew', () => {
  it('over HTTP without JavaScript: the button only on a withdrawn proposal; back awaiting an answer, unchanged; audited; the landlord told without detail; then allocated', async () => {
    const id = await propose('ELIA-R-1');
    const kept = await propose('ELIA-R-2');
    expect(await withdrawProposal(t.database.db, referent, id)).toEqual({ ok: true });
    const before = (await mailsTo(LOGIREM.manager)).length;

    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    const page = await (await partner.get('/support/commitments')).text();
    expect(page).toContain(`/support/commitments/proposals/${id}/restore`);
    expect(page).toContain('Remettre ELIA-R-1 en attente de réponse');
    expect(page).not.toContain(`/support/commitments/proposals/${kept}/restore`);

    const done = await partner.post(`/support/commitments/proposals/${id}/restore`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/support/commitments?done=restored');
    const after = await (await partner.get('/support/commitments?done=restored')).text();
    expect(after).toContain('La proposition attend de nouveau la réponse du bailleur.');
    expect(after).toContain(`/support/commitments/proposals/${id}/withdraw`);
    expect(await statusOf(id)).toEqual({ status: 'proposed', cleared: true, household_size: 4, need: 'T4 près du tram' });
    const trail = await owner("select actor_user_id, details from audit_events where action = 'support.proposal.restore' and target_id = $1", [quotaId]);
    expect(trail).toHaveLength(1);
    expect(trail[0].details).toEqual({ proposal: id });

    const told = (await mailsTo(LOGIREM.manager)).slice(before).filter((m) => m.subject === `Palier : ${elia} propose de nouveau un candidat`);
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain(`au titre de son engagement ${YEAR}`);
    expect(told[0].text).toContain('/support/programmes#proposals-title');
    for (const s of ['ELIA-R-', 'T4 près du tram', 'Familles réfugiées']) expect(told[0].text + told[0].subject).not.toContain(s);

    // Twice is a conflict shown on the page in French; the landlord can answer it again.
    const again = await partner.post(`/support/commitments/proposals/${id}/restore`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Seule une proposition retirée peut être remise en attente.');
    const landlord = t.client();
    await landlord.signIn(LOGIREM.manager);
    expect((await landlord.post(`/support/proposals/${id}/allocate`, {})).status).toBe(303);
    expect((await statusOf(id)).status).toBe('allocated');
    // The landlord's staff cannot reach the partner's route; an answered proposal cannot be put back.
    expect((await landlord.post(`/support/commitments/proposals/${id}/restore`, {})).status).toBe(403);
    expect(await restoreProposal(t.database.db, referent, id)).toMatchObject({ ok: false, status: 409, errors: { form: 'support.proposal.notWithdrawn' } });
  });

  it('over /api/v1 with the partner’s token; another association’s proposal is 404; a made-up id 404', async () => {
    const id = await propose('ELIA-R-3');
    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await owner('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4::text[], $5)', [referent.orgId, 'Outil Elia', hashSecret(secret), ['support.quotas.propose'], referent.userId]);
    const api = (pid: string, action: string) => t.app.request(`/api/v1/support/commitments/proposals/${pid}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } });
    const early = await api(id, 'restore');
    expect(early.status).toBe(409);
    expect((await early.json()).fields).toEqual({ form: 'Seule une proposition retirée peut être remise en attente.' });
    expect((await api(id, 'withdraw')).status).toBe(200);
    const r = await api(id, 'restore');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'proposed' });
    expect((await statusOf(id)).status).toBe('proposed');
    expect((await api('00000000-0000-4000-8000-000000000000', 'restore')).status).toBe(404);

    const ddch = (await owner("select id from organisations where slug = 'ddch'"))[0].id;
    const user = (await owner("insert into users (email, display_name) values ('restore@ddch.test.palier.fr', 'Accueil DDCH') returning id"))[0].id;
    await owner("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'partner_staff')", [ddch, user]);
    const ddchStaff = await actorFor(t.database.db, 'restore@ddch.test.palier.fr');
    expect(await withdrawProposal(t.database.db, referent, id)).toEqual({ ok: true });
    expect(await restoreProposal(t.database.db, ddchStaff, id)).toMatchObject({ ok: false, status: 404 });
    expect(await restoreProposal(t.database.db, manager, id)).toMatchObject({ ok: false, status: 403 });
    expect((await statusOf(id)).status).toBe('withdrawn');
  });

  it('in PostgreSQL: the partner changes only the status between awaiting and withdrawn; the landlord only answers one awaiting', async () => {
    const id = await propose('ELIA-R-4');
    const asPartner = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(t.database.db, { orgId: referent.orgId, userId: referent.userId }, fn);
    const asLandlord = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(t.database.db, { orgId: manager.orgId, userId: manager.userId }, fn);
    // Not its household size, nor an answer of its own.
    await expect(asPartner((tx) => tx.updateTable('support_quota_proposals').set({ household_size: 9 }).where('id', '=', id).execute())).rejects.toThrow(/do not change/);
    await expect(asPartner((tx) => tx.updateTable('support_quota_proposals').set({ status: 'withdrawn', seat: 1 }).where('id', '=', id).execute())).rejects.toThrow(/only withdraws or puts back/);
    // An allocated proposal is not the partner's to put back: no row is even reachable.
    expect(await answerProposal(t.database.db, manager, id, 'decline')).toEqual({ ok: true, seat: null });
    const r = await asPartner((tx) => tx.updateTable('support_quota_proposals').set({ status: 'proposed' }).where('id', '=', id).executeTakeFirst());
    expect(Number(r.numUpdatedRows)).toBe(0);
    // The landlord cannot reopen its answer, nor put back a withdrawn proposal for the partner.
    await expect(asLandlord((tx) => tx.updateTable('support_quota_proposals').set({ status: 'proposed' }).where('id', '=', id).execute())).rejects.toThrow(/only answers/);
    const w = await propose('ELIA-R-5');
    expect(await withdrawProposal(t.database.db, referent, w)).toEqual({ ok: true });
    await expect(asLandlord((tx) => tx.updateTable('support_quota_proposals').set({ status: 'proposed' }).where('id', '=', w).execute())).rejects.toThrow(/only answers/);
    expect(await owner('select status from support_quota_proposals where id = any($1::uuid[]) order by applicant_ref', [[id, w]])).toEqual([{ status: 'declined' }, { status: 'withdrawn' }]);
  });
});
