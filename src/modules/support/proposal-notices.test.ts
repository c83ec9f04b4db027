import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { withTenant } from '../../platform/db/tenant.js';
import { notificationsOf } from '../../platform/notify/index.js';
import { proposeApplicant, restoreProposal, withdrawProposal } from './commands/proposals.js';
import { createQuota } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let referent: Actor;
let quotaId: string;
let elia: string;
const NEXT = new Date().getFullYear() + 1;
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;

/** Delivers what is queued (routes also deliver in the background) and returns the mails to `email`. */
async function mailsTo(email: string) {
  for (let i = 0; i < 50 && (await owner("select 1 from notifications where status = 'queued'")).length; i++) {
    await deliverPendingNotifications(t.services);
    await new Promise((r) => setTimeout(r, 20));
  }
  return smtp.mails.filter((m) => m.to.includes(email));
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  const manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  elia = (await owner('select name from organisations where id = $1', [referent.orgId]))[0].name;
  const q = await createQuota(t.database.db, manager, { partnerId: referent.orgId as string, label: 'Familles réfugiées (convention Elia)', year: NEXT, places: 3 });
  if (!q.ok) throw new Error('quota');
  quotaId = q.quotaId;
});
afterAll(() => smtp.close());

const proposalId = async (ref: string) => (await owner('select id from support_quota_proposals where applicant_ref = $1', [ref]))[0].id as string;
const SECRETS = ['ELIA-N-', 'T4 au rez-de-chaussée', 'Familles réfugiées'];

describe('partner proposals: both sides hear of them by e-mail, and the partner may withdraw one not yet answered', () => {
  it('the landlord’s manager is told of a proposal, the partner of the answer — partner, landlord and year only', async () => {
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    const made = await partner.post('/support/commitments/proposals', { quotaId, applicantRef: 'ELIA-N-1', householdSize: '5', need: 'T4 au rez-de-chaussée' });
    expect(made.status).toBe(303);
    const [told] = await mailsTo(LOGIREM.manager);
    expect(told.subject).toBe(`Palier : ${elia} propose un candidat`);
    expect(told.text).toContain(`au titre de son engagement ${NEXT}`);
    expect(told.text).toContain('/support/programmes#proposals-title');
    for (const s of SECRETS) expect(told.text + told.subject).not.toContain(s);

    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    expect((await manager.post(`/support/proposals/${await proposalId('ELIA-N-1')}/allocate`, {})).status).toBe(303);
    const answered = await mailsTo(LOGIREM.eliaReferent);
    expect(answered).toHaveLength(1);
    expect(answered[0].subject).toMatch(/^Palier : .+ a répondu à votre proposition$/);
    expect(answered[0].text).toContain('une place lui est attribuée');
    expect(answered[0].text).toContain('/support/commitments');
    for (const s of SECRETS) expect(answered[0].text + answered[0].subject).not.toContain(s);
  });

  it('the partner withdraws a proposal awaiting an answer (page and API), audited, the landlord told; once answered or withdrawn it cannot; another partner cannot', async () => {
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    for (const ref of ['ELIA-N-2', 'ELIA-N-3']) expect((await partner.post('/support/commitments/proposals', { quotaId, applicantRef: ref, householdSize: '2', need: '' })).status).toBe(303);
    const [two, three, one] = [await proposalId('ELIA-N-2'), await proposalId('ELIA-N-3'), await proposalId('ELIA-N-1')];
    const before = (await mailsTo(LOGIREM.manager)).length;

    const page = await (await partner.get('/support/commitments')).text();
    expect(page).toContain(`/support/commitments/proposals/${two}/withdraw`);
    expect(page).not.toContain(`/support/commitments/proposals/${one}/withdraw`);

    // Another partner's staff: as if it did not exist.
    const ddch = (await owner("select id from organisations where slug = 'ddch'"))[0].id;
    const user = (await owner("insert into users (email, display_name) values ('accueil@ddch.test.palier.fr', 'Accueil DDCH') returning id"))[0].id;
    await owner("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'partner_staff')", [ddch, user]);
    const ddchStaff = await actorFor(t.database.db, 'accueil@ddch.test.palier.fr');
    expect(await withdrawProposal(t.database.db, ddchStaff, two)).toMatchObject({ ok: false, status: 404 });

    const done = await partner.post(`/support/commitments/proposals/${two}/withdraw`, {});
    expect(done.status).toBe(303);
    expect(await (await partner.get(done.headers.get('location') as string)).text()).toContain('Retiré par le partenaire');
    expect((await partner.post(`/support/commitments/proposals/${two}/withdraw`, {})).status).toBe(409);
    expect((await partner.post(`/support/commitments/proposals/${one}/withdraw`, {})).status).toBe(409);
    // The landlord cannot answer a withdrawn proposal.
    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    expect((await manager.post(`/support/proposals/${two}/allocate`, {})).status).toBe(409);

    // Through the API, with the partner's token.
    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await owner('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4::text[], $5)', [referent.orgId, 'Outil Elia', hashSecret(secret), ['support.quotas.propose'], referent.userId]);
    const api = (id: string) => t.app.request(`/api/v1/support/commitments/proposals/${id}/withdraw`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } });
    const r = await api(three);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'withdrawn' });
    expect((await api(three)).status).toBe(409);

    expect(await owner('select status, withdrawn_at is not null as at from support_quota_proposals where id = any($1::uuid[]) order by applicant_ref', [[two, three]])).toEqual([
      { status: 'withdrawn', at: true },
      { status: 'withdrawn', at: true },
    ]);
    const trail = await owner("select details from audit_events where action = 'support.proposal.withdraw' order by id");
    expect(trail.map((a) => a.details.proposal)).toEqual([two, three]);
    const withdrawn = (await mailsTo(LOGIREM.manager)).slice(before).filter((m) => m.subject === `Palier : ${elia} retire un candidat`);
    // Two proposals (ELIA-N-2, -3) then two withdrawals.
    expect(withdrawn).toHaveLength(2);
    for (const s of SECRETS) expect(withdrawn[0].text).not.toContain(s);
  });

  it('a proposal, a withdrawal and a put-back are notices of the landlord: in its managers’ own notification list, none left in the partner’s tenant', async () => {
    const manager = await actorFor(t.database.db, LOGIREM.manager);
    const made = await proposeApplicant(t.database.db, referent, quotaId, { applicantRef: 'ELIA-N-9', householdSize: 2, need: '' });
    if (!made.ok) throw new Error('proposal');
    expect(await withdrawProposal(t.database.db, referent, made.proposalId)).toEqual({ ok: true });
    expect(await restoreProposal(t.database.db, referent, made.proposalId)).toEqual({ ok: true });
    const listOf = (orgId: string) => withTenant(t.database.db, { orgId, userId: manager.userId }, (tx) => notificationsOf(tx, manager.userId as string, 100));
    const theirs = (await listOf(manager.orgId as string)).map((n) => n.subject);
    for (const subject of [`Palier : ${elia} propose un candidat`, `Palier : ${elia} retire un candidat`]) expect(theirs).toContain(subject);
    expect(theirs.some((s) => s.includes(elia) && s.includes('de nouveau'))).toBe(true);
    expect(await listOf(referent.orgId as string)).toEqual([]);
    // Every notice to the manager, from the first test's on, is a row of Logirem.
    const orgs = await owner('select distinct organisation_id from notifications where user_id = $1', [manager.userId]);
    expect(orgs).toEqual([{ organisation_id: manager.orgId }]);
  });
});
