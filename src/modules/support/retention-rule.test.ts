import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { changeCaseStatus } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { retentionJob } from './jobs/retention.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * The organisation's retention rule as a whole — period, starting point, action — in `/support/settings` and the
 * API (field errors FR/EN, the CNIL's 24-month ceiling), applied by the nightly job to programmes with no period of
 * their own; a programme with its own period keeps its own starting point and action.
 */
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
  });
  // Households without any case (the demo gives some households cases), so the job's counts are about these only.
  for (const h of await owner('select h.id::text from households h where h.organisation_id = $1 and not exists (select 1 from support_cases c where c.household_id = h.id) order by h.reference limit 4', [orgId])) households.push(h.id);
  // Onboarding follows the organisation (its own starting point and action, last contact and anonymise, must not apply);
  // Mut'toit has its own 12 months from the last contact, anonymised.
  await owner("update support_programmes set retention_months = null, retention_from = 'last_contact', retention_action = 'anonymise', residence_ids = '{}', residence_kinds = '{}' where id = $1", [programmes.onboarding]);
  await owner("update support_programmes set retention_months = 12, retention_from = 'last_contact', retention_action = 'anonymise', residence_ids = '{}', residence_kinds = '{}' where id = $1", [programmes.transfer]);
});

/** A case closed on `closed`, its last contact on `lastContact` (a call after the closure, as happens). */
async function closedCase(kind: string, household: number, closed: string, lastContact: string): Promise<string> {
  const r = await openCase(t.database.db, adviser, { programmeId: programmes[kind], householdId: households[household], situation: 'Situation confidentielle', confidentialAddress: false }, new Date('2024-01-02T09:00:00Z'));
  if (!r.ok) throw new Error(JSON.stringify(r));
  expect((await changeCaseStatus(t.database.db, adviser, r.caseId, 'close', 'Terminé')).ok).toBe(true);
  await owner('update support_cases set closed_at = $2, last_contact_at = $3 where id = $1', [r.caseId, new Date(`${closed}T09:00:00Z`), new Date(`${lastContact}T09:00:00Z`)]);
  return r.caseId;
}
const rule = async () => (await owner('select retention_months, retention_from, retention_action from support_settings where organisation_id = $1', [orgId]))[0];

describe('the organisation’s retention rule: starting point and action', () => {
  it('the page sets the whole rule; over the CNIL ceiling and an unknown starting point are field errors at once (French), nothing saved; audited', async () => {
    const admin = t.client();
    await admin.signIn(LOGIREM.admin);
    const page = await (await admin.get('/support/settings')).text();
    expect(page).toContain('name="retentionFrom"');
    expect(page).toContain('name="retentionAction"');
    expect(page).toContain('Repère CNIL : 2 ans au plus après le dernier contact');

    const bad = await admin.post('/support/settings', { retentionMonths: '36', retentionFrom: 'demain', retentionAction: 'delete' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Au plus 24 mois : la CNIL recommande de ne pas conserver un dossier d’accompagnement social plus de 2 ans après le dernier contact.');
    expect(html).toContain('Choisissez le dernier contact ou la clôture du dossier.');
    expect(html).toContain('value="36"');
    expect(await rule()).toBeUndefined();

    expect((await admin.post('/support/settings', { retentionMonths: '12', retentionFrom: 'closure', retentionAction: 'delete' })).status).toBe(303);
    expect(await rule()).toEqual({ retention_months: 12, retention_from: 'closure', retention_action: 'delete' });
    const after = await (await admin.get('/support/settings')).text();
    expect(after).toMatch(/<option value="closure" selected/);
    expect(after).toMatch(/<option value="delete" selected/);
    const trail = await owner("select details from audit_events where action = 'support.settings.retention' order by id");
    expect(trail.map((r) => r.details)).toEqual([{ from: null, to: 12, startFrom: 'last_contact', startTo: 'closure', actionFrom: 'anonymise', actionTo: 'delete' }]);
  });

  it('the API: errors per field in English, the period alone keeps the starting point and action', async () => {
    const token = await apiTokenFor(t, LOGIREM.manager, ['support.settings.manage']);
    const call = (body: unknown) =>
      t.app.request('/api/v1/support/settings/retention', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
    const refused = await call({ retentionMonths: 25, retentionAction: 'archive' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).fields).toEqual({
      retentionMonths: 'At most 24 months: the CNIL advises keeping a social support case no longer than 2 years after the last contact. A programme under another legal obligation sets its own period on its page.',
      retentionAction: 'Choose to anonymise or to delete the cases.',
    });
    const saved = await call({ retentionMonths: 12 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ retentionMonths: 12, retentionFrom: 'closure', retentionAction: 'delete' });
  });

  it('the nightly job counts from the organisation’s starting point and applies its action to programmes following it; a programme’s own rule is untouched', async () => {
    // Closed in January 2025, last contact in June 2025: 12 months from the closure have run out on 1 March 2026, not from the last contact.
    const follows = await closedCase('onboarding', 0, '2025-01-10', '2025-06-01');
    const recent = await closedCase('onboarding', 1, '2025-06-10', '2025-06-10');
    const own = await closedCase('transfer', 2, '2025-01-10', '2025-06-01');
    const countsBefore = (await owner('select coalesce(sum(cases), 0)::int as n from support_case_counts where programme_id = $1', [programmes.onboarding]))[0].n;

    await owner("update support_settings set retention_months = 12, retention_from = 'last_contact', retention_action = 'delete' where organisation_id = $1", [orgId]);
    expect(await retentionJob.run({ services: t.services, now: new Date('2026-03-01T01:30:00Z'), log })).toEqual({ anonymised: 0, deleted: 0 });

    await owner("update support_settings set retention_from = 'closure' where organisation_id = $1", [orgId]);
    expect(await retentionJob.run({ services: t.services, now: new Date('2026-03-01T01:30:00Z'), log })).toEqual({ anonymised: 0, deleted: 1 });
    const left = await owner('select id::text, anonymised_at is not null as anonymised from support_cases where id = any($1::uuid[]) order by id', [[follows, recent, own]]);
    expect(Object.fromEntries(left.map((r) => [r.id, r.anonymised]))).toEqual({ [recent]: false, [own]: false });
    expect((await owner('select coalesce(sum(cases), 0)::int as n from support_case_counts where programme_id = $1', [programmes.onboarding]))[0].n).toBe(countsBefore + 1);

    // The organisation then anonymises instead: the programme following it does too, once the period has run out.
    await owner("update support_settings set retention_action = 'anonymise' where organisation_id = $1", [orgId]);
    expect(await retentionJob.run({ services: t.services, now: new Date('2026-07-01T01:30:00Z'), log })).toEqual({ anonymised: 2, deleted: 0 });
    const gone = await owner('select id::text, household_id is null as anonymised from support_cases where id = any($1::uuid[])', [[recent, own]]);
    expect(Object.fromEntries(gone.map((r) => [r.id, r.anonymised]))).toEqual({ [recent]: true, [own]: true });
  });
});
