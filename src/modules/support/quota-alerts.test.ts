import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { createGroupCommitment, joinGroupCommitment } from './commands/group-quotas.js';
import { allocatePlace, createQuota } from './commands/quotas.js';
import { quotaAlertsJob } from './jobs/quota-alerts.js';
import { actorFor, LOGIREM, landlordWithManager, mailsDeliveredTo } from './test-helpers.js';

/** support.quota-alerts: a commitment falling behind schedule is e-mailed once per falling-behind, with a fixed clock, through the SMTP test server. */
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let manager: Actor;
let quotaId: string;
let partner: string;
let landlordName: string;
const DDCH_CONTACT = 'equipe@ddch.test.palier.fr';
const ELIA_CONTACT = 'equipe@elia.test.palier.fr';
const YEAR = 2031;
const log = pino({ level: 'silent' });
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;
const run = (day: string) => quotaAlertsJob.run({ services: t.services, now: new Date(`${day}T07:00:00Z`), log }) as Promise<{ alerts: number; cleared: number }>;

const mailsTo = (email: string) => mailsDeliveredTo(t.services, smtp.mails, email);

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  manager = await actorFor(t.database.db, LOGIREM.manager);
  const ddch = (await owner(`select id, name from organisations where slug = 'ddch'`))[0];
  partner = ddch.name;
  landlordName = (await owner('select name from organisations where id = $1', [manager.orgId]))[0].name;
  // The association's shared address for notices (set by itself on /support/partner/contact).
  await owner('insert into support_partner_contacts (organisation_id, email) values ($1, $2)', [ddch.id, DDCH_CONTACT]);
  // 4 places in the year: behind once a quarter of the year is gone with none given.
  const q = await createQuota(t.database.db, manager, { partnerId: ddch.id, label: 'Ménages orientés par la DDCH', year: YEAR, places: 4 });
  if (!q.ok) throw new Error('quota');
  quotaId = q.quotaId;
});
afterAll(() => smtp.close());

describe('quota alerts job', () => {
  it('e-mails the programme managers once when a commitment falls behind, again only after it caught up and fell behind again; no applicant in the message', async () => {
    expect((await run(`${YEAR}-02-01`)).alerts).toBe(0); // 31 days of 365: nothing expected yet
    expect(await mailsTo(LOGIREM.manager)).toHaveLength(0);

    expect((await run(`${YEAR}-05-01`)).alerts).toBe(1); // one place expected, none given
    const [first] = await mailsTo(LOGIREM.manager);
    expect(first.subject).toBe(`Palier : l’engagement ${YEAR} avec ${partner} prend du retard`);
    expect(first.text).toContain('0 logement attribué sur 4, 1 attendu à cette date');
    expect(first.text).toContain('/support/programmes');
    expect(first.text).not.toContain('Ménages orientés');
    // The partner association's contact address is told too, in its own organisation: the landlord, the year, the counts.
    const [told] = await mailsTo(DDCH_CONTACT);
    expect(told.subject).toBe(`Palier : l’engagement ${YEAR} de ${landlordName} envers votre association prend du retard`);
    expect(told.text).toContain('0 logement attribué sur 4, 1 attendu à cette date');
    expect(told.text).toContain('/support/commitments');
    expect(told.text).not.toContain('Ménages orientés');
    const rows = await owner('select organisation_id from notifications where recipient = $1', [DDCH_CONTACT]);
    expect(rows.map((r) => r.organisation_id)).toEqual([(await owner(`select id from organisations where slug = 'ddch'`))[0].id]);
    // Run again the same day, and the next: still behind, already told.
    expect((await run(`${YEAR}-05-01`)).alerts).toBe(0);
    expect((await run(`${YEAR}-05-02`)).alerts).toBe(0);
    expect(await mailsTo(LOGIREM.manager)).toHaveLength(1);

    // A place given: caught up, the mark is cleared; falling behind again later is told again.
    expect((await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'DDCH-ALERT-1' })).ok).toBe(true);
    expect(await run(`${YEAR}-05-03`)).toMatchObject({ alerts: 0, cleared: 1 });
    expect((await run(`${YEAR}-07-15`)).alerts).toBe(1); // two places expected, one given
    const all = await mailsTo(LOGIREM.manager);
    expect(all).toHaveLength(2);
    expect(all[1].text).toContain('1 logement attribué sur 4, 2 attendus à cette date');
    for (const m of all) expect(m.text + m.subject).not.toContain('DDCH-ALERT-1');
    const partnerMails = await mailsTo(DDCH_CONTACT);
    expect(partnerMails).toHaveLength(2);
    expect(partnerMails[1].text).toContain('1 logement attribué sur 4, 2 attendus à cette date');
    for (const m of partnerMails) expect(m.text + m.subject).not.toContain('DDCH-ALERT-1');
  });

  it('alerts a group commitment as a whole — the lead’s and the named landlord’s managers, each in its own organisation, and the partner’s contact — while neither landlord’s own commitment is behind', async () => {
    const G = YEAR + 1;
    const eliaId = (await actorFor(t.database.db, LOGIREM.eliaReferent)).orgId as string;
    const eliaName = (await owner('select name from organisations where id = $1', [eliaId]))[0].name;
    await owner('insert into support_partner_contacts (organisation_id, email) values ($1, $2)', [eliaId, ELIA_CONTACT]);
    const sister = await landlordWithManager(t.database, 'bailleur-soeur-alertes', 'programmes@soeur-alertes.test.palier.fr', eliaId);
    const group = await createGroupCommitment(t.database.db, manager, { partnerId: eliaId, label: 'Familles réfugiées — groupe (alertes)', year: G, places: 40, memberOrgIds: [sister.orgId as string] });
    if (!group.ok) throw new Error('group');
    // Two places each: neither landlord's own commitment expects one by July, the group's 40 expect 19.
    for (const [who, ref] of [[manager, 'ELIA-G-LEAD'], [sister, 'ELIA-G-SISTER']] as const) {
      const q = await createQuota(t.database.db, who, { partnerId: eliaId, label: 'Familles réfugiées (alertes)', year: G, places: 2 });
      if (!q.ok) throw new Error('quota');
      expect(await joinGroupCommitment(t.database.db, who, q.quotaId, group.groupId)).toEqual({ ok: true });
      expect((await allocatePlace(t.database.db, who, q.quotaId, { applicantRef: ref }, new Date(`${G}-03-01T10:00:00Z`))).ok).toBe(true);
    }
    expect((await run(`${G}-01-20`)).alerts).toBe(0);
    expect(await run(`${G}-07-01`)).toMatchObject({ alerts: 1 });
    expect((await run(`${G}-07-02`)).alerts).toBe(0); // still behind, already told

    const subject = `Palier : l’engagement du groupe ${G} avec ${eliaName} prend du retard`;
    const lead = (await mailsTo(LOGIREM.manager)).filter((m) => m.subject === subject);
    const member = (await mailsTo('programmes@soeur-alertes.test.palier.fr')).filter((m) => m.subject === subject);
    expect(lead).toHaveLength(1);
    expect(member).toHaveLength(1);
    expect(lead[0].text).toContain('« Familles réfugiées — groupe (alertes) »');
    expect(lead[0].text).toContain('2 logements attribués sur 40 par 2 bailleurs, 19 attendus à cette date');
    const toPartner = await mailsTo(ELIA_CONTACT);
    expect(toPartner).toHaveLength(1);
    expect(toPartner[0].subject).toBe(`Palier : l’engagement du groupe ${G} envers votre association prend du retard`);
    expect(toPartner[0].text).toContain('2 logements attribués sur 40 par 2 bailleurs, 19 attendus à cette date');
    expect(toPartner[0].text).toContain('/support/commitments');
    for (const m of [...lead, ...member, ...toPartner]) for (const ref of ['ELIA-G-LEAD', 'ELIA-G-SISTER']) expect(m.text + m.subject).not.toContain(ref);
    // Each notice is a row of its recipient's organisation (in their own notification list).
    const orgOf = async (recipient: string) => (await owner('select organisation_id from notifications where recipient = $1 and subject = $2', [recipient, subject]))[0]?.organisation_id;
    expect(await orgOf('programmes@soeur-alertes.test.palier.fr')).toBe(sister.orgId);
    expect(await orgOf(LOGIREM.manager)).toBe(manager.orgId);
    expect((await owner('select organisation_id from notifications where recipient = $1', [ELIA_CONTACT]))[0].organisation_id).toBe(eliaId);
  });

  it('tells the partner association’s staff when it set no shared address, each in its own organisation', async () => {
    const Y = YEAR + 2;
    const slug = `asso-sans-adresse-${Math.random().toString(36).slice(2, 8)}`;
    const assoc = (await owner(`insert into organisations (kind, name, slug) values ('association', 'Association sans adresse', $1) returning id`, [slug]))[0].id as string;
    const staffEmail = `orientation@${slug}.test.palier.fr`;
    const staffId = (await owner(`insert into users (email, display_name) values ($1, 'Référente sans adresse') returning id`, [staffEmail]))[0].id;
    await owner(`insert into memberships (organisation_id, user_id, role) values ($1, $2, 'partner_staff')`, [assoc, staffId]);
    await owner('insert into partnerships (organisation_id, partner_id) values ($1, $2)', [manager.orgId, assoc]);
    const q = await createQuota(t.database.db, manager, { partnerId: assoc, label: 'Ménages orientés (sans adresse)', year: Y, places: 4 });
    if (!q.ok) throw new Error('quota');
    expect(await run(`${Y}-05-01`)).toMatchObject({ alerts: 1 });
    const told = await mailsTo(staffEmail);
    expect(told).toHaveLength(1);
    expect(told[0].subject).toBe(`Palier : l’engagement ${Y} de ${landlordName} envers votre association prend du retard`);
    expect(told[0].text).toContain('0 logement attribué sur 4, 1 attendu à cette date');
    expect(told[0].text).not.toContain('sans adresse)');
    expect(await owner('select organisation_id from notifications where user_id = $1', [staffId])).toEqual([{ organisation_id: assoc }]);
  });

  it('does not alert a named landlord that has not attached its own commitment to the group; alerts it once attached', async () => {
    const G = YEAR + 3;
    const elia = await actorFor(t.database.db, LOGIREM.eliaReferent);
    const eliaId = elia.orgId as string;
    const attached = await landlordWithManager(t.database, 'bailleur-rattache', 'programmes@rattache.test.palier.fr', eliaId);
    const notYet = await landlordWithManager(t.database, 'bailleur-pas-encore', 'programmes@pas-encore.test.palier.fr', eliaId);
    const group = await createGroupCommitment(t.database.db, manager, { partnerId: eliaId, label: 'Groupe (rattachement)', year: G, places: 30, memberOrgIds: [attached.orgId as string, notYet.orgId as string] });
    if (!group.ok) throw new Error('group');
    const q = await createQuota(t.database.db, attached, { partnerId: eliaId, label: 'Engagement rattaché', year: G, places: 1 });
    if (!q.ok) throw new Error('quota');
    expect(await joinGroupCommitment(t.database.db, attached, q.quotaId, group.groupId)).toEqual({ ok: true });
    // Its own commitment for the same partner and year exists, but is not attached to the group.
    const own = await createQuota(t.database.db, notYet, { partnerId: eliaId, label: 'Engagement pas encore rattaché', year: G, places: 1 });
    if (!own.ok) throw new Error('quota');

    expect(await run(`${G}-07-01`)).toMatchObject({ alerts: 1 }); // the group's 30 expect 14, none given
    const subject = `Palier : l’engagement du groupe ${G} avec ${(await owner('select name from organisations where id = $1', [eliaId]))[0].name} prend du retard`;
    expect((await mailsTo('programmes@rattache.test.palier.fr')).filter((m) => m.subject === subject)).toHaveLength(1);
    expect((await mailsTo(LOGIREM.manager)).filter((m) => m.subject === subject)).toHaveLength(1); // the lead, which declared it
    expect((await mailsTo('programmes@pas-encore.test.palier.fr')).filter((m) => m.subject === subject)).toHaveLength(0);
    expect(await owner('select 1 from notifications where organisation_id = $1 and subject = $2', [notYet.orgId, subject])).toHaveLength(0);

    // Once attached, the next falling-behind tells it too.
    expect(await joinGroupCommitment(t.database.db, notYet, own.quotaId, group.groupId)).toEqual({ ok: true });
    await owner('update support_group_commitments set behind_alerted_at = null where id = $1', [group.groupId]);
    expect(await run(`${G}-07-02`)).toMatchObject({ alerts: 1 });
    expect((await mailsTo('programmes@pas-encore.test.palier.fr')).filter((m) => m.subject === subject)).toHaveLength(1);
  });
});
