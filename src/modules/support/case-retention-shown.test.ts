import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/** The case page shows the retention rule that applies to the case: its period, starting point and action (issue 6). */
let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;

async function caseIn(kind: string, reference: string): Promise<string> {
  const programme = (await owner('select id from support_programmes where organisation_id = $1 and kind = $2', [orgId, kind]))[0].id;
  const household = (await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [orgId, reference, `Famille ${reference}`]))[0].id;
  const r = await openCase(t.database.db, adviser, { programmeId: programme, householdId: household, situation: '', confidentialAddress: false });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.caseId;
}

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  await owner("update support_programmes set sensitivity = 'normal', residence_ids = '{}', residence_kinds = '{}' where organisation_id = $1 and kind in ('onboarding', 'transfer')", [orgId]);
  // Onboarding follows the organisation's rule (its own starting point and action must not show); Mut'toit has its own.
  await owner("update support_programmes set retention_months = null, retention_from = 'last_contact', retention_action = 'anonymise' where organisation_id = $1 and kind = 'onboarding'", [orgId]);
  await owner("update support_programmes set retention_months = 12, retention_from = 'last_contact', retention_action = 'anonymise' where organisation_id = $1 and kind = 'transfer'", [orgId]);
  await owner(
    "insert into support_settings (organisation_id, retention_months, retention_from, retention_action) values ($1, 18, 'closure', 'delete') on conflict (organisation_id) do update set retention_months = 18, retention_from = 'closure', retention_action = 'delete'",
    [orgId],
  );
});

describe('the case page’s retention rule', () => {
  it('a programme following the organisation shows the organisation’s period, starting point and action; one with its own shows its own (FR, EN)', async () => {
    const following = await caseIn('onboarding', 'RET-SHOWN-1');
    const own = await caseIn('transfer', 'RET-SHOWN-2');
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    expect(await (await b.get(`/support/cases/${following}`)).text()).toContain('Conservation : 18 mois à compter de la clôture du dossier, puis le dossier clos est supprimé (seul un décompte reste).');
    expect(await (await b.get(`/support/cases/${own}`)).text()).toContain('Conservation : 12 mois à compter du dernier contact, puis le dossier clos est anonymisé (les chiffres restent).');
    await b.post('/language', { locale: 'en', next: '/support/cases' });
    expect(await (await b.get(`/support/cases/${following}`)).text()).toContain('Retention: 18 months from the closure of the case, then the closed case is deleted (only a count stays).');
  });
});
