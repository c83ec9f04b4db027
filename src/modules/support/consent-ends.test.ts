import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { referToPartner } from './commands/referrals.js';
import { consentEndsJob } from './jobs/consent-ends.js';
import { actorFor, LOGIREM, mailsDeliveredTo } from './test-helpers.js';

/** support.consent-ends: the association is told, once, when the consent of a referral made to it reaches its end date — neutral wording, through the SMTP test server, fixed clock. */
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let adviser: Actor;
let referent: Actor;
let caseId: string;
let logirem: string;
/** What must never be in the notice: the household, the programme, the case reference, the purpose. */
let secrets: string[];
const BOX = 'orientations@elia.test.palier.fr';
const log = pino({ level: 'silent' });
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;
const run = (instant: string) => consentEndsJob.run({ services: t.services, now: new Date(instant), log }) as Promise<{ referrals: number; notices: number }>;
const mailsTo = (email: string) => mailsDeliveredTo(t.services, smtp.mails, email);
const refer = async (consentUntil: string, purpose: string) => {
  const r = await referToPartner(t.database.db, adviser, caseId, { partnerId: referent.orgId as string, fields: ['household_size'], purpose, consentUntil, consent: 'on' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.referralId;
};

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  logirem = (await owner('select name from organisations where id = $1', [adviser.orgId]))[0].name;
  // An open case of adviser A on an ordinary programme.
  const c = (
    await owner(
      `select c.id, c.reference, p.name as programme, h.name as household from support_cases c join support_programmes p on p.id = c.programme_id
         join households h on h.id = c.household_id join support_case_assignments a on a.case_id = c.id join users u on u.id = a.user_id
        where u.email = $1 and c.status = 'open' and p.sensitivity = 'normal' and c.organisation_id = $2 limit 1`,
      [LOGIREM.adviserA, adviser.orgId],
    )
  )[0];
  caseId = c.id;
  secrets = [c.reference, c.programme, c.household, 'Soutien budgétaire'];
});
afterAll(() => smtp?.close());

describe('the consent of a referral to a partner on Palier reaches its end date', () => {
  it('tells the association’s staff the day after, once, in its own organisation — the landlord and a link only', async () => {
    const id = await refer('2031-03-10', 'Soutien budgétaire (fin de consentement)');
    const before = (await mailsTo(LOGIREM.eliaReferent)).length;
    expect((await run('2031-03-10T20:00:00Z')).referrals).toBe(0); // 21:00 in Paris: still the last day of consent
    expect(await run('2031-03-11T06:30:00Z')).toEqual({ referrals: 1, notices: 1 });
    expect((await run('2031-03-12T06:30:00Z')).referrals).toBe(0); // told once

    const told = (await mailsTo(LOGIREM.eliaReferent)).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0].subject).toBe(`Palier : fin du consentement d’une orientation de ${logirem}`);
    expect(told[0].text).toContain('est arrivé à la date de fin convenue');
    expect(told[0].text).toContain('/support/referrals');
    for (const s of secrets) expect(told[0].text + told[0].subject).not.toContain(s);
    const rows = await owner('select organisation_id from notifications where user_id = $1 and subject like $2', [referent.userId, 'Palier : fin du consentement%']);
    expect(rows).toEqual([{ organisation_id: referent.orgId }]);
    expect((await owner('select status, consent_end_told_at is not null as told from support_referrals where id = $1', [id]))[0]).toEqual({ status: 'active', told: true });
  });

  it('goes to the association’s shared address when it set one; a revoked referral and a consent ended long ago are not told', async () => {
    await owner('insert into support_partner_contacts (organisation_id, email) values ($1, $2)', [referent.orgId, BOX]);
    await refer('2031-06-01', 'Soutien budgétaire (adresse partagée)');
    const revoked = await refer('2031-06-01', 'Soutien budgétaire (retiré)');
    await owner(`update support_referrals set status = 'revoked', closed_at = now() where id = $1`, [revoked]);
    await refer('2031-05-01', 'Soutien budgétaire (ancien)');
    const staffBefore = (await mailsTo(LOGIREM.eliaReferent)).length;

    expect(await run('2031-06-02T06:30:00Z')).toEqual({ referrals: 1, notices: 1 });
    // (The referrals made meanwhile were announced to that address too: only the consent's end is looked at here.)
    const told = (await mailsTo(BOX)).filter((m) => m.subject.startsWith('Palier : fin du consentement'));
    expect(told).toHaveLength(1);
    expect(told[0].subject).toBe(`Palier : fin du consentement d’une orientation de ${logirem}`);
    for (const s of secrets) expect(told[0].text + told[0].subject).not.toContain(s);
    expect(await mailsTo(LOGIREM.eliaReferent)).toHaveLength(staffBefore);
    expect(await owner('select organisation_id from notifications where recipient = $1 and subject like $2', [BOX, 'Palier : fin du consentement%'])).toEqual([{ organisation_id: referent.orgId }]);
  });
});
