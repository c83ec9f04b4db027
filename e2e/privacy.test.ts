import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, STAFF_SESSION } from '../src/platform/auth/sessions.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible } from '../test/browser.js';
import { userId } from '../test/security/helpers.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

/** The organisation's administrator (its data-protection officer) on a 360 px phone; their second factor is tested elsewhere. */
async function officer(js: boolean, locale = 'fr-FR'): Promise<Page> {
  const context = await s.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js, locale });
  const token = await createSession(s.database.db, await userId(s.database.owner, demo('org_admin')), STAFF_SESSION, { organisationId: null, mfaPassed: true });
  await context.addCookies([{ name: 'palier_session', value: token, url: s.base }]);
  return context.newPage();
}

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('data-protection officer', { timeout: 180_000 }, () => {
  it('records an erasure request without JavaScript, sees it overdue, and closes it with the answer', async () => {
    const page = await officer(false);
    await page.goto(`${s.base}/admin`);
    await page.getByRole('link', { name: 'Demandes sur les données personnelles' }).click();
    await page.getByRole('link', { name: 'Enregistrer une demande' }).click();
    await page.getByLabel('Nom de la personne').fill('Gérard Martin');
    await page.getByLabel('Que demande la personne ?').selectOption('erasure');
    await page.getByLabel('Date de réception').fill('2099-01-01');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('#f-receivedOn-error').textContent()).toContain('dans le futur');
    expect(await page.getByLabel('Nom de la personne').inputValue()).toBe('Gérard Martin');
    await page.getByLabel('Date de réception').fill('2026-10-01');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La demande est enregistrée.');
    await expect.poll(() => page.locator('body').textContent()).toContain('2026-11-01');
    await expect.poll(() => page.locator('body').textContent()).toContain('En retard');

    await page.getByLabel('Où en est la demande ?').selectOption('answered');
    await page.getByLabel('Réponse donnée à la personne').fill('Compte supprimé. Les avis d’échéance sont gardés dix ans (obligation comptable).');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('#f-identityChecked-error').textContent()).toContain('Vérifiez l’identité');
    await page.getByLabel('L’identité de la personne a été vérifiée').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La demande est mise à jour.');
    await page.getByRole('link', { name: 'Toutes les demandes' }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Aucune demande en retard.');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('has accessible pages, in French and English: the console, the form with its errors, a request, the register', async () => {
    await s.database.owner.query(
      "insert into privacy_requests (organisation_id, subject_name, kind, received_on, due_on) select id, 'Lina Haddad', 'rectification', '2026-12-01', '2027-01-01' from organisations where slug = 'plurial-novilia'",
    );
    for (const locale of ['fr-FR', 'en-GB']) {
      const page = await officer(true, locale);
      await page.goto(`${s.base}/admin/privacy`);
      await expectAccessible(page);
      await page.goto(`${s.base}/admin/privacy/requests/new`);
      await expectAccessible(page);
      await page.locator('#f-receivedOn').fill('');
      await page.locator('button[type=submit]').last().click();
      await page.waitForLoadState('domcontentloaded');
      await expect.poll(() => page.locator('.summary').count()).toBe(1);
      await expectAccessible(page);
      await page.goto(`${s.base}/admin/privacy`);
      await page.locator('tbody a').first().click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      await page.goto(`${s.base}/admin/privacy/register`);
      await expectAccessible(page);
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    }
  });
});
