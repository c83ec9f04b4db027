import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

describe('API tokens, in a real browser on a 360 px screen', () => {
  it('an administrator creates a token without JavaScript, sees it once, uses it, then revokes it', { timeout: 120_000 }, async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('org-admin'));
    await page.goto(`${s.base}/admin`);
    await page.getByRole('link', { name: 'Jetons d’API' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Jetons d’API');

    // Nothing ticked: the error is summarised at the top and tied to the permissions, the name kept.
    await page.getByLabel('Nom du jeton').fill('Progiciel Ikos');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Cochez au moins une permission');
    await expect.poll(() => page.getByLabel('Nom du jeton').inputValue()).toBe('Progiciel Ikos');

    await page.getByRole('checkbox', { name: /Lire les résidences/ }).check();
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Copiez ce jeton maintenant' }).count()).toBe(1);
    const secret = await page.getByLabel('Jeton', { exact: true }).inputValue();
    expect(secret).toMatch(/^plr_/);
    const res = await fetch(`${s.base}/api/v1/residences`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);

    // Shown once: the next visit no longer has it.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Copiez ce jeton maintenant' }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Révoquer le jeton Progiciel Ikos' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Le jeton « Progiciel Ikos » est révoqué');
    expect((await fetch(`${s.base}/api/v1/residences`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('axe finds nothing on the page: empty form, errors, the new secret, the list; in English too', { timeout: 120_000 }, async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, demo('org-admin'));
    await page.goto(`${s.base}/admin/api-tokens`);
    await expectAccessible(page);
    // The account's saved language (French) wins over the browser's: switch as a person would.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('API tokens');
    await page.getByRole('button', { name: 'Create the token' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel('Token name').fill('Partner tool');
    await page.getByRole('checkbox', { name: /Read the residences/ }).check();
    await page.getByRole('button', { name: 'Create the token' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Copy this token now' }).count()).toBe(1);
    await expectAccessible(page);
  });
});
