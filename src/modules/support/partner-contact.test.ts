import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { partnerContact, setPartnerContact } from './commands/partner-contact.js';
import { answerProposal, proposeApplicant } from './commands/proposals.js';
import { createQuota } from './commands/quotas.js';
import { addDays, parisToday } from './domain/local-date.js';
import { actorFor, LOGIREM, mailsDeliveredTo } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let manager: Actor;
let referent: Actor;
let caseId: string;
let logirem: string;
const BOX = 'accueil@elia.example.org';
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;

const mailsTo = (email: string) => mailsDeliveredTo(t.services, smtp.mails, email);

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  logirem = (await owner('select name from organisations where id = $1', [manager.orgId]))[0].name;
  // An open case of adviser A on an ordinary programme (no second factor in the way of the pages).
  caseId = (
    await owner(
      `select c.id from support_cases c join support_programmes p on p.id = c.programme_id join support_case_assignments a on a.case_id = c.id join users u on u.id = a.user_id
        where u.email = $1 and c.status = 'open' and p.sensitivity = 'normal' and c.organisation_id = $2 limit 1`,
      [LOGIREM.adviserA, manager.orgId],
    )
  )[0].id;
});
afterAll(async () => {
  await smtp?.close();
});

describe('a partner association’s contact address for notices', () => {
  it('set by the partner’s staff on its page without JavaScript: a wrong address is a French field error, value kept; saved; emptied removes it; audited', async () => {
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    const page = await (await partner.get('/support/partner/contact')).text();
    expect(page).toContain('Adresse de contact de l’association');
    expect(page).toContain('Aucune adresse enregistrée');
    expect(await (await partner.get('/support/referrals')).text()).toContain('href="/support/partner/contact"');
    const bad = await partner.post('/support/partner/contact', { contactEmail: 'accueil-elia' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez une adresse électronique valide');
    expect(html).toContain('id="f-contactEmail-error"');
    expect(html).toContain('value="accueil-elia"');
    expect(await partnerContact(t.database.db, referent)).toEqual({ ok: true, email: null });
    const ok = await partner.post('/support/partner/contact', { contactEmail: `  ${BOX} ` });
    expect(ok.status).toBe(303);
    expect(await (await partner.get(ok.headers.get('location') as string)).text()).toContain(`Adresse actuelle : ${BOX}`);
    expect(await setPartnerContact(t.database.db, referent, '')).toEqual({ ok: true, email: null });
    expect(await setPartnerContact(t.database.db, referent, BOX)).toEqual({ ok: true, email: BOX });
    const trail = await owner("select details from audit_events where action = 'support.partner_contact.set' order by id");
    expect(trail.map((r) => r.details)).toEqual([
      { from: null, to: BOX },
      { from: BOX, to: null },
      { from: null, to: BOX },
    ]);
    // The landlord's staff cannot set or read it.
    const landlord = t.client();
    await landlord.signIn(LOGIREM.manager);
    expect((await landlord.get('/support/partner/contact')).status).toBe(403);
    expect(await setPartnerContact(t.database.db, manager, 'x@y.fr')).toMatchObject({ ok: false, status: 403 });
  });

  it('a referral made to the association, then revoked, e-mails its address — the landlord and a link, never the person or the programme', async () => {
    const before = (await mailsTo(BOX)).length;
    const adviser = t.client();
    await adviser.signIn(LOGIREM.adviserA);
    const made = await adviser.post(`/support/cases/${caseId}/referrals`, { partnerId: referent.orgId as string, fields: 'household_size', purpose: 'Accompagnement budgétaire', consentUntil: addDays(parisToday(), 30), consent: 'on' });
    expect(made.status).toBe(303);
    const referral = (await owner("select id, shared from support_referrals where case_id = $1 and status = 'active' and purpose = 'Accompagnement budgétaire'", [caseId]))[0];
    const told = (await mailsTo(BOX)).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0].subject).toBe(`Palier : ${logirem} oriente une personne vers votre association`);
    expect(told[0].text).toContain('/support/referrals');
    const household = (await owner('select h.name from households h join support_cases c on c.household_id = h.id where c.id = $1', [caseId]))[0].name;
    const secrets = [household, String(referral.shared.programme), String(referral.shared.reference), 'Accompagnement budgétaire'];
    for (const s of secrets) expect(told[0].text + told[0].subject).not.toContain(s);

    expect((await adviser.post(`/support/cases/${caseId}/referrals/${referral.id}/revoke`, {})).status).toBe(303);
    const ended = (await mailsTo(BOX)).slice(before + 1);
    expect(ended).toHaveLength(1);
    expect(ended[0].subject).toBe(`Palier : fin d’une orientation de ${logirem}`);
    expect(ended[0].text).toContain('retiré son consentement');
    for (const s of secrets) expect(ended[0].text + ended[0].subject).not.toContain(s);
  });

  it('a landlord’s answer to a proposal reaches the address as well as the proposer; over /api/v1 the address is read and set (422 by field)', async () => {
    const q = await createQuota(t.database.db, manager, { partnerId: referent.orgId as string, label: 'Familles réfugiées (convention Elia)', year: new Date().getFullYear() + 4, places: 1 });
    if (!q.ok) throw new Error('quota');
    const p = await proposeApplicant(t.database.db, referent, q.quotaId, { applicantRef: 'ELIA-C-1', householdSize: 2, need: 'T2' });
    if (!p.ok) throw new Error('proposal');
    const before = (await mailsTo(BOX)).length;
    expect((await answerProposal(t.database.db, manager, p.proposalId, 'decline')).ok).toBe(true);
    const told = (await mailsTo(BOX)).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0].subject).toBe(`Palier : ${logirem} a répondu à votre proposition`);
    expect(told[0].text).not.toContain('ELIA-C-1');
    expect((await mailsTo(LOGIREM.eliaReferent)).some((m) => m.subject === told[0].subject)).toBe(true);

    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await owner('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4::text[], $5)', [referent.orgId, 'Outil Elia', hashSecret(secret), ['support.referrals.partner'], referent.userId]);
    const call = (body?: unknown) =>
      t.app.request('/api/v1/support/partner/contact', body === undefined ? { headers: { authorization: `Bearer ${secret}` } } : { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await call()).json()).toEqual({ email: BOX });
    const wrong = await call({ contactEmail: 'pas une adresse' });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).fields).toEqual({ contactEmail: 'Indiquez une adresse électronique valide, par exemple accueil@association.fr.' });
    expect(await (await call({ contactEmail: 'equipe@elia.example.org' })).json()).toEqual({ email: 'equipe@elia.example.org' });
    expect(await (await call()).json()).toEqual({ email: 'equipe@elia.example.org' });
  });

  it('in PostgreSQL: a landlord reads a partner’s address only through the function, and only for a partner it works with', async () => {
    const read = (org: string, partner: string) =>
      withTenant(t.database.db, { orgId: org }, async (tx) => ({
        table: (await sql<{ email: string }>`select email from support_partner_contacts`.execute(tx)).rows,
        fn: (await sql<{ email: string | null }>`select support_partner_contact(${partner}::uuid) as email`.execute(tx)).rows[0].email,
      }));
    expect(await read(manager.orgId as string, referent.orgId as string)).toEqual({ table: [], fn: 'equipe@elia.example.org' });
    const stranger = (await owner('select o.id from organisations o where o.id <> $1 and o.id <> $2 and not exists (select 1 from partnerships p where p.organisation_id = o.id and p.partner_id = $2) limit 1', [manager.orgId, referent.orgId]))[0].id;
    expect(await read(stranger, referent.orgId as string)).toEqual({ table: [], fn: null });
  });
});
