import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { referExternally } from './commands/external-referrals.js';
import { openCase } from './commands/open-case.js';
import { addDays, parisToday } from './domain/local-date.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/** Withdrawing a referral sheet to an association not on Palier: reason required, audited, consent ended, the sheet printed again says so. */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let caseId: string;
const REASON = 'La personne a retiré son accord au téléphone.';
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;
const frDay = (d: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(`${d}T12:00:00Z`));

async function refer(association: string): Promise<string> {
  const r = await referExternally(t.database.db, adviser, caseId, { association, contact: '04 91 00 00 00', fields: ['household_size'], purpose: 'Aide alimentaire', consentUntil: addDays(parisToday(), 30) });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.referralId;
}

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  const { programmeId, householdId } = await withTenant(t.database.db, { orgId: adviser.orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference', 'desc').executeTakeFirstOrThrow()).id as string,
  }));
  const r = await openCase(t.database.db, adviser, { programmeId, householdId, situation: 'Suivi', confidentialAddress: false });
  if (!r.ok) throw new Error('open');
  caseId = r.caseId;
});

describe('withdrawing a referral sheet to an association not on Palier', () => {
  it('asks for a reason (field error, value kept, nothing written), then withdraws once: consent ended today, audited, the sheet says RETIRÉE and the date', async () => {
    const id = await refer('Secours Solidaire (retrait)');
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect((await b.get(`/support/cases/${caseId}/external-referrals/${id}/sheet`)).status).toBe(200); // printed first
    const page = await (await b.get(`/support/cases/${caseId}`)).text();
    expect(page).toContain(`action="/support/cases/${caseId}/external-referrals/${id}/withdraw"`);

    const short = await b.post(`/support/cases/${caseId}/external-referrals/${id}/withdraw`, { [`withdrawReason-${id}`]: 'Trop tôt' });
    expect(short.status).toBe(422);
    const html = await short.text();
    expect(html).toContain('Indiquez la raison du retrait (10 à 500 caractères).');
    expect(html).toContain('Trop tôt</textarea>');
    expect(await owner('select status, consent_ended_on from support_external_referrals where id = $1', [id])).toEqual([{ status: 'sent', consent_ended_on: null }]);

    expect((await b.post(`/support/cases/${caseId}/external-referrals/${id}/withdraw`, { [`withdrawReason-${id}`]: REASON })).status).toBe(303);
    const today = parisToday();
    const [row] = await owner(`select status, withdraw_reason, to_char(consent_ended_on, 'YYYY-MM-DD') as ended, withdrawn_by from support_external_referrals where id = $1`, [id]);
    expect(row).toEqual({ status: 'withdrawn', withdraw_reason: REASON, ended: today, withdrawn_by: adviser.userId });
    expect((await b.post(`/support/cases/${caseId}/external-referrals/${id}/withdraw`, { [`withdrawReason-${id}`]: REASON })).status).toBe(409);

    const sheet = await (await b.get(`/support/cases/${caseId}/external-referrals/${id}/sheet`)).text();
    expect(sheet).toContain(`RETIRÉE le ${frDay(today)}`);
    expect(sheet).toContain(`Consentement terminé le ${frDay(today)}`);
    const after = await (await b.get(`/support/cases/${caseId}`)).text();
    expect(after).toContain(`Retirée le ${frDay(today)} : ${REASON}`);
    expect(after).not.toContain(`action="/support/cases/${caseId}/external-referrals/${id}/withdraw"`);
    const pdf = await b.get(`/support/cases/${caseId}/external-referrals/${id}/sheet.pdf`);
    expect(pdf.status).toBe(200);

    const trail = await owner(`select action, details from audit_events where target_id = $1 and action = 'support.external_referral.withdraw'`, [caseId]);
    expect(trail).toEqual([{ action: 'support.external_referral.withdraw', details: { referral: id, reason: REASON, consentEndedOn: today } }]);
  });

  it('says WITHDRAWN on the sheet in English; another adviser gets 404', async () => {
    const id = await refer('Food bank (withdrawn)');
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    expect((await other.post(`/support/cases/${caseId}/external-referrals/${id}/withdraw`, { [`withdrawReason-${id}`]: REASON })).status).toBe(404);
    await owner(`update users set locale = 'en' where email = $1`, [LOGIREM.adviserA]);
    try {
      const b = t.client();
      await b.signIn(LOGIREM.adviserA);
      const bad = await b.post(`/support/cases/${caseId}/external-referrals/${id}/withdraw`, {});
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('Give the reason for withdrawing (10 to 500 characters).');
      expect((await b.post(`/support/cases/${caseId}/external-referrals/${id}/withdraw`, { [`withdrawReason-${id}`]: 'The person withdrew their consent.' })).status).toBe(303);
      const sheet = await (await b.get(`/support/cases/${caseId}/external-referrals/${id}/sheet`)).text();
      const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(`${parisToday()}T12:00:00Z`));
      expect(sheet).toContain(`WITHDRAWN on ${day}`);
    } finally {
      await owner(`update users set locale = 'fr' where email = $1`, [LOGIREM.adviserA]);
    }
  });

  it('through the API: reason required at fields.reason, then withdrawn with the consent’s end day; the list says so; 409 again', async () => {
    const id = await refer('Association API (retrait)');
    const orgId = adviser.orgId as string;
    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await withTenant(t.database.db, { orgId }, (tx) =>
      tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Logiciel de suivi', token_hash: hashSecret(secret), scopes: sql`${['support.cases.read', 'support.cases.write']}::text[]`, created_by: adviser.userId }).execute(),
    );
    const post = (body: unknown) =>
      t.app.request(`/api/v1/support/cases/${caseId}/external-referrals/${id}/withdraw`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await post({ reason: 'non' });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields)).toEqual(['reason']);
    const ok = await post({ reason: REASON });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'withdrawn', consentEndedOn: parisToday() });
    expect((await post({ reason: REASON })).status).toBe(409);
    const list = await (await t.app.request(`/api/v1/support/cases/${caseId}/external-referrals`, { headers: { authorization: `Bearer ${secret}` } })).json();
    expect(list.data.find((x: { id: string }) => x.id === id)).toMatchObject({ status: 'withdrawn', withdrawReason: REASON, consentEndedOn: parisToday() });
  });
});
