import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

// A confidential address: the directory has no page for the household to those not named; its recovery by
// the programme's manager once every named reader has left (360 px, without JavaScript, axe).
let s: Awaited<ReturnType<typeof browserSession>>;
const tag = randomUUID().slice(0, 6).toUpperCase();
const SECRET = `E2E-${tag}-001`;
let householdId: string;
let caseId: string;

beforeAll(async () => {
  s = await browserSession();
  const adviserA = await actorFor(s.database.db, LOGIREM.adviserA);
  const manager = await actorFor(s.database.db, LOGIREM.manager);
  const org = adviserA.orgId as string;
  const o = s.database.owner;
  const residence = (await o.query(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $3, '5 rue Close', '13011', 'Marseille') returning id`, [org, `E2E-${tag}`, `Résidence ${tag}`])).rows[0].id;
  const dwelling = (await o.query(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 2, 1, 40000) returning id`, [org, residence, SECRET])).rows[0].id;
  householdId = (await o.query(`insert into households (organisation_id, reference, name, channel) values ($1, $2, $3, 'paper') returning id`, [org, `HE2E-${tag}`, `Ménage ${tag}`])).rows[0].id;
  await o.query(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')`, [org, householdId, dwelling]);
  const programmeId = randomUUID();
  await o.query(`insert into support_programmes (id, organisation_id, kind, name, sensitivity, manager_user_id) values ($1, $2, 'domestic_violence', $3, 'highly_sensitive', $4)`, [programmeId, org, `Violences ${tag}`, manager.userId]);
  const opened = await openCase(s.database.db, adviserA, { programmeId, householdId, situation: 'Mise à l’abri.', confidentialAddress: true });
  if (!opened.ok) throw new Error('open');
  caseId = opened.caseId;
  // The only person named leaves the support team.
  await o.query(`delete from memberships where user_id = $1 and role = 'social_adviser'`, [adviserA.userId]);
}, 180_000);

describe('confidential address: the directory hides it; the manager names a new reader', () => {
  it('for the administrator, not named, the household is not there: its page is the not-found page, axe-clean', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, LOGIREM.admin);
    const res = await page.goto(`${s.base}/admin/households/${householdId}`);
    expect(res?.status()).toBe(404);
    const html = await page.content();
    expect(html).not.toContain(`Ménage ${tag}`);
    expect(html).not.toContain(SECRET);
    await expectAccessible(page);
  }, 180_000);

  it('the manager names an adviser with a reason, without JavaScript; the form and its error are axe-clean', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/cases/${caseId}`);
    await expect.poll(() => manager.getByRole('heading', { name: 'Plus personne ne voit cette adresse' }).count()).toBe(1);
    await manager.getByRole('button', { name: 'Nommer cette personne' }).click();
    await expect.poll(() => manager.locator('#f-reason-error').textContent()).toContain('Indiquez la raison');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.manager);
    await axe.goto(`${s.base}/support/cases/${caseId}`);
    await expectAccessible(axe);
    await axe.getByRole('button', { name: 'Nommer cette personne' }).click();
    await expect.poll(() => axe.locator('#f-reason-error').textContent()).toContain('Indiquez la raison (10 à 500 caractères).');
    await expectAccessible(axe);
    await manager.getByLabel('Personne à nommer').selectOption({ label: 'Olivier Brun' });
    await manager.getByLabel('Raison').fill(`Samia Haddad a quitté l’organisme ; Olivier Brun reprend le suivi (${tag}).`);
    await manager.getByRole('button', { name: 'Nommer cette personne' }).click();
    await expect.poll(() => manager.getByRole('heading', { name: 'Plus personne ne voit cette adresse' }).count()).toBe(0);
    const named = await s.database.owner.query('select u.display_name from support_address_readers r join users u on u.id = r.user_id where r.case_id = $1 order by 1', [caseId]);
    expect(named.rows.map((r) => r.display_name)).toEqual(['Olivier Brun', 'Samia Haddad']);
  }, 180_000);
});
