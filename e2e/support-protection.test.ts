import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

describe('support: named team, second factor, confidential address, referral sheet (360 px, axe)', () => {
  it('the programme manager names a team member without JavaScript; the team page is axe-clean, with its error too', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    await manager.getByRole('link', { name: /Équipe nommée de « Aide sur quittance/ }).click();
    const teamUrl = manager.url();
    await manager.getByRole('button', { name: 'Ajouter à l’équipe' }).click();
    await expect.poll(() => manager.getByRole('alert').textContent()).toContain('Choisissez un conseiller social ou un responsable de programme de la liste.');
    await manager.getByLabel('Personne', { exact: true }).selectOption({ index: 1 });
    await manager.getByRole('button', { name: 'Ajouter à l’équipe' }).click();
    await expect.poll(() => manager.getByRole('status').textContent()).toContain('La personne a été ajoutée à l’équipe.');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.manager);
    await axe.goto(teamUrl);
    await expectAccessible(axe);
    await axe.getByRole('button', { name: 'Ajouter à l’équipe' }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBe(1);
    await expectAccessible(axe);
  }, 120_000);

  it('the adviser protects an address and prepares a referral sheet for an association outside Palier; every page axe-clean', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, LOGIREM.adviserA);
    // The step-up page itself (shown to advisers who have a second factor).
    await page.goto(`${s.base}/support/verify?next=/support/cases`);
    await expectAccessible(page);
    await page.goto(`${s.base}/support/cases`);
    await page.getByRole('row').filter({ hasText: 'Aide sur quittance' }).first().getByRole('link').click();
    const caseUrl = page.url();
    if ((await page.getByRole('button', { name: 'Rendre l’adresse confidentielle' }).count()) > 0) await page.getByRole('button', { name: 'Rendre l’adresse confidentielle' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Personnes qui voient l’adresse' }).count()).toBe(1);
    await expectAccessible(page);
    // Without the person's consent: the error by the box, the values kept.
    await page.getByLabel('Nom de l’association').fill('Secours Solidaire 13');
    await page.getByLabel('Comment la joindre').fill('04 91 00 00 00');
    await page.locator('input[name="extFields"][value="household_size"]').check();
    await page.locator('input[name="extPurpose"]').fill('Aide alimentaire');
    await page.getByRole('button', { name: 'Préparer la fiche d’orientation' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Confirmez que la personne a donné son accord.');
    expect(await page.getByLabel('Nom de l’association').inputValue()).toBe('Secours Solidaire 13');
    await expectAccessible(page);
    await page.goto(caseUrl);
    await page.getByLabel('Nom de l’association').fill('Secours Solidaire 13');
    await page.locator('input[name="extFields"][value="household_size"]').check();
    await page.locator('input[name="extPurpose"]').fill('Aide alimentaire');
    await page.locator('input[name="extUntil"]').fill('2030-01-31');
    await page.locator('input[name="extConsent"]').check();
    await page.getByRole('button', { name: 'Préparer la fiche d’orientation' }).click();
    await page.getByRole('link', { name: 'Fiche à imprimer pour Secours Solidaire 13' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Fiche d’orientation vers Secours Solidaire 13');
    await expectAccessible(page);
    await page.goto(caseUrl);
    await page.getByLabel('Acceptée').first().check();
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).first().click();
    await expect.poll(() => page.getByText('Acceptée', { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
  }, 120_000);
});
