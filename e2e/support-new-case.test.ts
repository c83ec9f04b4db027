import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

/**
 * The "new case" form (the search limited to the programme chosen first, then the household chosen, then the
 * programme's eligibility questions) and the group commitment's edit page: without JavaScript at 360 px, with a
 * field error, axe-clean in French and in English.
 */
let s: Awaited<ReturnType<typeof browserSession>>;
let household: { reference: string; name: string };
const NE = ['Le foyer découvre-t-il le quartier ?'];
const KAPS = ['La colocation a-t-elle choisi son action ?'];

const owner = async (q: string, p: unknown[] = []) => (await s.database.owner.query(q, p)).rows;
const escapeRe = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  s = await browserSession();
  const org = (await owner(`select organisation_id::text as id from memberships m join users u on u.id = m.user_id where u.email = $1`, [LOGIREM.adviserA]))[0].id;
  const airBel = (await owner(`select id::text from residences where organisation_id = $1 and name = 'Air Bel'`, [org]))[0].id;
  // "Nouveaux entrants" for Air Bel only, with a question; the KAPS flat-share (ordinary and student residences) with another.
  await owner(`update support_programmes set residence_ids = array[$1::uuid], eligibility = $2::jsonb where organisation_id = $3 and name = 'Nouveaux entrants'`, [airBel, JSON.stringify(NE), org]);
  await owner(`update support_programmes set eligibility = $1::jsonb where organisation_id = $2 and name = 'Colocation solidaire KAPS'`, [JSON.stringify(KAPS), org]);
  household = (
    await owner(
      `select h.reference, h.name from households h join occupancies o on o.household_id = h.id and o.ends_on is null join dwellings d on d.id = o.dwelling_id
        where d.residence_id = $1 and not exists (select 1 from support_cases c where c.household_id = h.id) order by h.reference limit 1`,
      [airBel],
    )
  )[0];
});

describe('support: the "new case" form (no JavaScript, 360 px, axe, FR/EN)', () => {
  it('the programme first, the search limited to its residences, the household chosen, its questions answered; an error first, then opened', async () => {
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserA);
    await adviser.goto(`${s.base}/support/cases/new`);
    const search = adviser.getByRole('search');
    await search.getByLabel('Programme').selectOption({ label: 'Nouveaux entrants' });
    await search.getByLabel('Chercher un foyer (nom ou référence)').fill(household.reference);
    await search.getByRole('button', { name: 'Chercher' }).click();
    await expect.poll(() => adviser.locator('main').textContent()).toContain('Seuls les foyers des résidences concernées par « Nouveaux entrants » sont proposés.');
    expect(await overflow(adviser)).toBeLessThanOrEqual(0);
    await adviser.getByRole('link', { name: new RegExp(`^Choisir ${escapeRe(household.name)}`) }).click();
    const questions = adviser.getByRole('group', { name: 'Éligibilité — Nouveaux entrants' });
    await expect.poll(() => questions.count()).toBe(1);
    expect(await adviser.locator('#f-programmeId').inputValue()).not.toBe('');
    expect(await overflow(adviser)).toBeLessThanOrEqual(0);
    const formUrl = adviser.url();
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserA);
    await axe.goto(formUrl);
    await expectAccessible(axe);

    // The questions answered, then another programme chosen: those answers are not its own (field error, nothing written).
    await adviser.getByRole('group', { name: NE[0] }).getByLabel('Oui').check();
    await adviser.locator('#f-programmeId').selectOption({ label: 'Colocation solidaire KAPS' });
    await adviser.getByLabel('Situation').fill('Arrivée le mois dernier');
    await adviser.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click();
    await expect.poll(() => adviser.getByRole('alert').textContent()).toContain('Ces réponses portaient sur les questions d’un autre programme');
    expect(await adviser.getByLabel('Situation').inputValue()).toBe('Arrivée le mois dernier');
    expect(await overflow(adviser)).toBeLessThanOrEqual(0);
    expect(await owner(`select 1 from support_cases c join households h on h.id = c.household_id where h.reference = $1`, [household.reference])).toEqual([]);
    // The same error page, under axe (the page with JavaScript posts the same form).
    await axe.getByRole('group', { name: NE[0] }).getByLabel('Oui').check();
    await axe.locator('#f-programmeId').selectOption({ label: 'Colocation solidaire KAPS' });
    await axe.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBe(1);
    await expectAccessible(axe);

    // Now the chosen programme's own question is on the form: answered, the case opens with it.
    await adviser.getByRole('group', { name: KAPS[0] }).getByLabel('Ne sait pas').check();
    await adviser.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click();
    const answers = adviser.getByRole('table', { name: /Réponses aux questions d’éligibilité \(1 sur 1\)/ });
    await expect.poll(() => answers.textContent()).toContain('Ne sait pas');
    await axe.close();
  }, 180_000);

  it('in English, with JavaScript: the form with a household and its questions is axe-clean and fits 360 px', async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, LOGIREM.adviserB);
    await page.goto(`${s.base}/support/cases/new`);
    const english = page.getByRole('button', { name: 'English' });
    if ((await english.count()) > 0) await english.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Open a support case');
    const search = page.getByRole('search');
    await search.getByLabel('Programme').selectOption({ label: 'Nouveaux entrants' });
    await search.getByLabel('Find a household (name or reference)').fill(household.reference);
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: new RegExp(`^Choose ${escapeRe(household.name)}`) }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Eligibility — Nouveaux entrants' }).count()).toBe(1);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    // No programme chosen: a field error, on an accessible page.
    await page.locator('#f-programmeId').selectOption('');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
  }, 180_000);
});

describe('support: the group commitment’s edit page (no JavaScript, 360 px, axe, FR/EN)', () => {
  it('the lead’s manager changes it without JavaScript (a field error first, values kept); axe finds nothing in French and in English', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    const french = manager.getByRole('button', { name: 'Français' });
    if ((await french.count()) > 0) await french.click();
    await manager.getByRole('link', { name: /^Modifier Familles réfugiées — engagement du groupe avec Elia/ }).click();
    await expect.poll(() => manager.locator('h1').textContent()).toBe('Modifier l’engagement du groupe');
    expect(await overflow(manager)).toBeLessThanOrEqual(0);
    const editUrl = manager.url();
    await manager.getByLabel('Logements promis par le groupe dans l’année').fill('beaucoup');
    await manager.getByRole('button', { name: 'Enregistrer l’engagement du groupe' }).click();
    await expect.poll(() => manager.getByRole('alert').count()).toBe(1);
    expect(await manager.getByLabel('Logements promis par le groupe dans l’année').inputValue()).toBe('beaucoup');
    expect(await overflow(manager)).toBeLessThanOrEqual(0);
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.manager);
    await axe.goto(editUrl);
    await expectAccessible(axe);
    await axe.getByLabel('Logements promis par le groupe dans l’année').fill('0');
    await axe.getByRole('button', { name: 'Enregistrer l’engagement du groupe' }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBe(1);
    await expectAccessible(axe);
    await manager.getByLabel('Logements promis par le groupe dans l’année').fill('215');
    await manager.getByRole('button', { name: 'Enregistrer l’engagement du groupe' }).click();
    await expect.poll(() => manager.locator('h1').textContent()).not.toBe('Modifier l’engagement du groupe');
    expect((await owner(`select places from support_group_commitments where label = 'Familles réfugiées — engagement du groupe avec Elia'`))[0].places).toBe(215);

    await axe.goto(editUrl);
    await axe.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => axe.locator('h1').textContent()).toBe('Edit the group’s commitment');
    expect(await overflow(axe)).toBeLessThanOrEqual(0);
    await expectAccessible(axe);
    await axe.close();
  }, 180_000);
});
