import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

/**
 * An adviser transfers a case to another programme from its page: the form and its field errors (values kept), then
 * the new case in the target programme with "Transféré depuis …", and the old one closed with "Transféré vers …" —
 * without JavaScript at 360 px, axe-clean.
 */
let s: Awaited<ReturnType<typeof browserSession>>;
let caseId: string;
const SOURCE = 'Transfert E2E — départ';
const TARGET = 'Transfert E2E — accueil';

const owner = async (q: string, p: unknown[] = []) => (await s.database.owner.query(q, p)).rows;
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  s = await browserSession();
  const adviser = await actorFor(s.database.db, LOGIREM.adviserA);
  const orgId = adviser.orgId as string;
  const programme = async (name: string, steps: unknown[]) =>
    (
      await owner(
        `insert into support_programmes (organisation_id, kind, name, sensitivity, steps, legal_basis, notice) values ($1, 'generic', $2, 'normal', $3::jsonb, 'Test', 'Test') returning id::text`,
        [orgId, name, JSON.stringify(steps)],
      )
    )[0].id as string;
  const source = await programme(SOURCE, []);
  await programme(TARGET, [{ key: 'first_visit', label: 'Première visite E2E', dueDays: 7 }]);
  const household = (await owner(`insert into households (organisation_id, reference, name) values ($1, 'E2E-TRANSFERT-1', 'Foyer Transfert E2E') returning id::text`, [orgId]))[0].id as string;
  const r = await openCase(s.database.db, adviser, { programmeId: source, householdId: household, situation: 'Situation suivie', confidentialAddress: false });
  if (!r.ok) throw new Error(JSON.stringify(r));
  caseId = r.caseId;
}, 180_000);

describe('support: transferring a case to another programme (no JavaScript, 360 px, axe)', () => {
  it('the form refuses a missing reason (value kept), then transfers: 303 to the new case, both cases linked', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${caseId}`);
    const section = page.getByRole('region', { name: 'Transférer vers un autre programme' });
    expect(await section.textContent()).toContain('Les documents, les notes');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await section.getByLabel('Programme d’accueil').selectOption({ label: TARGET });
    await section.getByRole('button', { name: 'Transférer' }).click();
    await expect.poll(() => page.getByText('Ce champ est obligatoire.').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Motif du transfert').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Programme d’accueil').inputValue()).not.toBe('');
    expect((await owner('select status from support_cases where id = $1', [caseId]))[0].status).toBe('open');

    const axeError = await newPage(s.browser, { js: true });
    await signInWith(axeError, s.base, LOGIREM.adviserA);
    await axeError.goto(`${s.base}/support/cases/${caseId}`);
    await axeError.getByLabel('Programme d’accueil').selectOption({ label: TARGET });
    await axeError.getByRole('button', { name: 'Transférer' }).click();
    await expect.poll(() => axeError.getByText('Ce champ est obligatoire.').count()).toBeGreaterThan(0);
    await expectAccessible(axeError);
    await axeError.close();

    await page.getByLabel('Motif du transfert').fill('Le foyer relève désormais de l’accueil.');
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain(TARGET);
    const made = (await owner('select id::text, reference from support_cases where transferred_from_case_id = $1', [caseId]))[0] as { id: string; reference: string };
    expect(page.url()).toBe(`${s.base}/support/cases/${made.id}`);
    const oldRef = (await owner('select reference from support_cases where id = $1', [caseId]))[0].reference as string;
    const back = page.getByRole('link', { name: `Transféré depuis l’accompagnement ${oldRef} (${SOURCE})` });
    expect(await back.count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Première visite E2E');
    expect(await page.locator('main').textContent()).toContain('Situation suivie');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await back.click();
    await expect.poll(() => page.url()).toBe(`${s.base}/support/cases/${caseId}`);
    expect(await page.locator('main').textContent()).toContain('Clos — transféré');
    expect(await page.getByRole('link', { name: `Transféré vers l’accompagnement ${made.reference} (${TARGET})` }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Transférer vers un autre programme' }).count()).toBe(0);

    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserA);
    for (const id of [caseId, made.id]) {
      await axe.goto(`${s.base}/support/cases/${id}`);
      await expect.poll(() => axe.locator('h1').count()).toBe(1);
      await expectAccessible(axe);
    }
    await axe.close();
    await page.close();
  }, 180_000);
});
