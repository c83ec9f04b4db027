import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { changeCaseStatus } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { retentionJob } from './jobs/retention.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
const programmes: Record<string, string> = {};
const households: string[] = [];
const log = pino({ level: 'silent' });
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    for (const p of await tx.selectFrom('support_programmes').select(['id', 'kind']).execute()) programmes[p.kind as string] = p.id as string;
    for (const h of await tx.selectFrom('households').select('id').orderBy('reference').limit(4).execute()) households.push(h.id as string);
  });
  // Onboarding sets no period of its own (it follows the organisation); Mut'toit keeps its own 36 months.
  await owner('update support_programmes set retention_months = null, retention_from = $2 where id = $1', [programmes.onboarding, 'last_contact']);
  await owner('update support_programmes set retention_months = 36 where id = $1', [programmes.transfer]);
});

async function closedCase(kind: string, household: number, lastContact: string): Promise<string> {
  const r = await openCase(t.database.db, adviser, { programmeId: programmes[kind], householdId: households[household], situation: 'Situation confidentielle', confidentialAddress: false }, new Date('2024-01-02T09:00:00Z'));
  if (!r.ok) throw new Error('open');
  expect((await changeCaseStatus(t.database.db, adviser, r.caseId, 'close', 'Terminé')).ok).toBe(true);
  await owner('update support_cases set closed_at = $2, last_contact_at = $2 where id = $1', [r.caseId, new Date(`${lastContact}T09:00:00Z`)]);
  return r.caseId;
}

describe('the organisation’s default retention', () => {
  it('is set by the administrator or a programme manager within 1–24 months (the CNIL ceiling) (field error in French and English), audited; advisers cannot', async () => {
    const admin = t.client();
    await admin.signIn(LOGIREM.admin);
    const page = await admin.get('/support/settings');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('24 mois (valeur prévue par Palier');

    const bad = await admin.post('/support/settings', { retentionMonths: '121' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez un nombre entier de mois entre 1 et 24.');
    expect(html).toContain('value="121"');
    expect(await owner('select 1 from support_settings')).toHaveLength(0);

    await owner("update users set locale = 'en' where email = $1", [LOGIREM.manager]);
    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    const en = await manager.post('/support/settings', { retentionMonths: 'deux' });
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('Enter a whole number of months between 1 and 24.');
    await owner("update users set locale = 'fr' where email = $1", [LOGIREM.manager]);

    const adviserClient = t.client();
    await adviserClient.signIn(LOGIREM.adviserA);
    expect((await adviserClient.get('/support/settings')).status).toBe(403);
    expect((await adviserClient.post('/support/settings', { retentionMonths: '6' })).status).toBe(403);

    const saved = await admin.post('/support/settings', { retentionMonths: '12' });
    expect(saved.status).toBe(303);
    expect(await (await admin.get('/support/settings?done=saved')).text()).toContain('Durée actuelle : 12 mois (modifiée le');
    const trail = await owner("select details from audit_events where action = 'support.settings.retention' order by id");
    expect(trail.map((r) => r.details)).toEqual([{ from: null, to: 12 }]);
  });

  it('is applied by the nightly job to programmes without their own rule: past it anonymised, within it kept, a legal hold still suspends it', async () => {
    await owner('insert into support_settings (organisation_id, retention_months) values ($1, 12) on conflict (organisation_id) do update set retention_months = 12', [orgId]);
    const past = await closedCase('onboarding', 0, '2025-01-10');
    const within = await closedCase('onboarding', 1, '2025-06-10');
    const held = await closedCase('onboarding', 2, '2025-01-10');
    // Its own 36 months: the organisation's 12 do not touch it.
    const own = await closedCase('transfer', 3, '2025-01-10');
    await owner('update support_cases set legal_hold = true where id = $1', [held]);

    // The case page says which period applies.
    const mine = t.client();
    await mine.signIn(LOGIREM.adviserA);
    expect(await (await mine.get(`/support/cases/${within}`)).text()).toContain('Conservation : 12 mois');

    expect(await retentionJob.run({ services: t.services, now: new Date('2026-03-01T01:30:00Z'), log })).toEqual({ anonymised: 1, deleted: 0 });
    const rows = await owner('select id, anonymised_at is not null as gone from support_cases where id = any($1::uuid[])', [[past, within, held, own]]);
    const gone = Object.fromEntries(rows.map((r) => [r.id, r.gone]));
    expect(gone).toEqual({ [past]: true, [within]: false, [held]: false, [own]: false });

    // The API: the organisation shortens it to 6 months (out of bounds is a field error); the next night the case within goes too.
    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    const manager = await actorFor(t.database.db, LOGIREM.manager);
    await owner('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4::text[], $5)', [orgId, 'Réglages', hashSecret(secret), ['support.settings.manage'], manager.userId]);
    const call = (method: string, body?: unknown) =>
      t.app.request('/api/v1/support/settings/retention', { method, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const refused = await call('POST', { retentionMonths: 0 });
    expect(refused.status).toBe(422);
    expect((await refused.json()).fields.retentionMonths).toBe('Indiquez un nombre entier de mois entre 1 et 24.');
    expect((await call('POST', { retentionMonths: 6 })).status).toBe(200);
    const following = (await owner('select count(*)::int as n from support_programmes where organisation_id = $1 and retention_months is null', [orgId]))[0].n;
    expect(await (await call('GET')).json()).toEqual({ retentionMonths: 6, retentionFrom: 'last_contact', retentionAction: 'anonymise', chosen: true, programmesFollowing: following });
    // A programme created without a period of its own follows the default, and says so.
    const programmeToken = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await owner('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4::text[], $5)', [orgId, 'Programmes', hashSecret(programmeToken), ['support.programmes.manage'], manager.userId]);
    const programmes = (method: string, body?: unknown) =>
      t.app.request('/api/v1/support/programmes', { method, headers: { authorization: `Bearer ${programmeToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const created = await programmes('POST', { name: 'Accompagnement sans durée propre', kind: 'generic', sensitivity: 'normal', retentionFrom: 'last_contact', retentionAction: 'anonymise', legalBasis: 'Intérêt légitime.', notice: 'Vos informations servent à votre accompagnement.' });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const listed = (await (await programmes('GET')).json()).data.find((p: { id: string }) => p.id === id);
    expect(listed.retention).toEqual({ months: 6, own: false, from: 'last_contact', action: 'anonymise' });
    expect(await retentionJob.run({ services: t.services, now: new Date('2026-03-02T01:30:00Z'), log })).toEqual({ anonymised: 1, deleted: 0 });
    expect((await owner('select anonymised_at from support_cases where id = $1', [within]))[0].anonymised_at).not.toBeNull();
    expect((await owner('select anonymised_at from support_cases where id = $1', [held]))[0].anonymised_at).toBeNull();
  });
});
