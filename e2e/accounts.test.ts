import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/platform/mail/mailer.js';
import { startTestSmtp } from '../src/platform/mail/test-smtp.js';
import { currentTotp } from '../src/platform/auth/totp.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const logLines: string[] = [];
beforeAll(async () => {
  s = await browserSession();
  smtp = await startTestSmtp();
  // The running app sends through a real SMTP server, and its links point at this test server.
  s.services.mailer = createMailer({ smtpUrl: smtp.url, from: s.services.config.mailFrom, log: s.services.log });
  s.services.config.publicUrl = s.base;
  // Development SMS land in the log, where the resident's journey below reads its code.
  s.services.log = pino({ level: 'info' }, { write: (l: string) => logLines.push(l) });
});
afterAll(() => smtp.close());

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

// Each journey runs several axe checks; on two shared, busy cores that takes far longer than the default 30 s.
describe('account journeys in a real browser, on a 360 px screen', () => {
  it('a person who forgot their password follows the e-mailed link and signs in with the new one', async () => {
    const email = demo('programme-manager');
    const page = await newPage(s.browser, { js: true });
    await page.goto(`${s.base}/signin`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await expectAccessible(page);
    await page.getByLabel('Adresse e-mail').fill('pas une adresse');
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez une adresse e-mail complète');
    await expectAccessible(page);
    const before = smtp.mails.length;
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('un lien vient d’être envoyé');
    await expectAccessible(page);

    const mail = await smtp.waitFor(email, before);
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/reset\/[A-Za-z0-9_-]{43}/)?.[0] as string;
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/reset/new');
    await expectAccessible(page);
    await page.getByLabel('Nouveau mot de passe').fill('trop court');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('au moins 12 caractères');
    await expectAccessible(page);
    await page.getByLabel('Nouveau mot de passe').fill('la conciergerie ouvre le mardi');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Votre mot de passe est changé');
    await signInWith(page, s.base, email, 'la conciergerie ouvre le mardi');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tableau de bord');

    await page.goto(link);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ce lien n’est plus valable');
    await expectAccessible(page);
  }, 300_000);

  it('a concierge adds a resident without e-mail and prints a letter; the resident activates the account with its code', async () => {
    const staff = await newPage(s.browser, { js: true });
    await signInWith(staff, s.base, demo('concierge'));
    await staff.getByRole('link', { name: 'Codes d’activation' }).first().click();
    await expectAccessible(staff);
    await staff.getByLabel('Référence du foyer').fill('PN-REMAVERT-ARC-F2');
    await staff.getByLabel('Nom et prénom').fill('Moussa Essai-Lettre');
    await staff.getByRole('button', { name: 'Ajouter le locataire' }).click();
    await staff.getByRole('button', { name: 'Créer un code pour Moussa Essai-Lettre' }).click();
    await expect.poll(() => staff.locator('h1').textContent()).toBe('Lettre d’activation pour Moussa Essai-Lettre');
    await expect.poll(() => staff.getByRole('button', { name: 'Imprimer la lettre' }).isVisible()).toBe(true);
    await fitsTheScreen(staff);
    await expectAccessible(staff);
    const code = (await staff.locator('.letter .code').textContent()) as string;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await staff.emulateMedia({ media: 'print' });
    expect(await staff.locator('header.top').isVisible()).toBe(false);
    expect(await staff.locator('.letter').isVisible()).toBe(true);

    const resident = await newPage(s.browser, { js: true });
    await resident.goto(`${s.base}/signin`);
    await resident.getByRole('link', { name: 'J’ai reçu un code d’activation' }).click();
    await expectAccessible(resident);
    await resident.getByLabel('Code d’activation').fill(code.toLowerCase().replace(/-/g, ' '));
    await resident.getByRole('button', { name: 'Continuer' }).click();
    await expect.poll(() => resident.locator('h1').textContent()).toBe('Choisir mon mot de passe');
    await expectAccessible(resident);
    await resident.getByLabel('Numéro de téléphone portable').fill('07 11 22 33 44');
    await resident.getByLabel('Nouveau mot de passe').fill('motdepasse12');
    await resident.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => resident.getByRole('alert').textContent()).toContain('trop courant');
    await expectAccessible(resident);
    await resident.getByLabel('Nouveau mot de passe').fill('le bus passe à huit heures');
    await resident.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => resident.locator('h1').textContent()).toBe('Bonjour Moussa Essai-Lettre');

    const later = await newPage(s.browser, { js: false });
    await signInWith(later, s.base, '07 11 22 33 44', 'le bus passe à huit heures');
    await expect.poll(() => later.locator('h1').textContent()).toBe('Bonjour Moussa Essai-Lettre');
  }, 300_000);

  it('a facilitator mistypes their current password, then turns on two-step verification and keeps the recovery codes', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('facilitator'));
    await page.goto(`${s.base}/account`);
    await page.getByRole('link', { name: 'Changer mon mot de passe' }).click();
    await page.getByLabel('Mot de passe actuel').fill('pas le bon mot de passe');
    await page.getByLabel('Nouveau mot de passe').fill('les abeilles du jardin partagé');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ce n’est pas votre mot de passe actuel.');
    await expectAccessible(page);
    await page.goto(`${s.base}/account`);
    await page.getByRole('link', { name: 'Gérer la vérification en deux étapes' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Activer la vérification en deux étapes' }).click();
    const secret = ((await page.locator('#totp-secret').textContent()) as string).replace(/ /g, '');
    await fitsTheScreen(page);
    await expectAccessible(page);
    await page.getByLabel('Code à 6 chiffres de l’application').fill(currentTotp(secret));
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Vos codes de secours');
    expect(await page.locator('.codes li').count()).toBe(10);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'J’ai noté mes codes' }).click();
    await expect.poll(() => page.getByText('La vérification en deux étapes est activée.').count()).toBe(1);
    await expectAccessible(page);
  }, 300_000);

  it('a resident whose landlord offers SMS signs in with a code received by SMS', async () => {
    await s.database.owner.query(`update organisations set settings = settings || '{"sms": {"sender": "Palier"}}' where slug = 'plurial-novilia'`);
    await s.database.owner.query("update users set phone = '0655443322' where email = $1", [demo('resident')]);
    const page = await newPage(s.browser, { js: true });
    await page.goto(`${s.base}/signin`);
    await page.getByRole('link', { name: 'Recevoir un code par SMS' }).click();
    await expectAccessible(page);
    await page.getByLabel('Numéro de téléphone portable').fill('06 55 44 33 22');
    await page.getByRole('button', { name: 'Recevoir le code' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('un code vient d’être envoyé');
    await expectAccessible(page);
    const sms = logLines.find((l) => l.includes('development SMS')) as string;
    const code = JSON.parse(sms).sms.text.match(/\b(\d{6})\b/)[1] as string;
    await page.getByLabel('Code reçu par SMS').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ce code n’est pas valable');
    await expectAccessible(page);
    await page.getByLabel('Code reçu par SMS').fill(code);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bonjour Amina Benali');
  }, 300_000);
});
