import { beforeAll, describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { LOGIREM } from '../src/modules/support/test-helpers.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

describe('support programmes in a real browser, on a 360 px screen', () => {
  it('ASQ end to end: the adviser nominates, the commission refuses 95 % then grants 250 €/month for 6 months, the minutes and the schedule follow', async () => {
    // The adviser opens a case and puts it before the commission, without JavaScript.
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserA);
    await adviser.getByRole('link', { name: 'Accompagnements' }).first().click();
    await expect.poll(() => adviser.locator('h1').textContent()).toBe('Mes accompagnements');
    await adviser.getByRole('link', { name: 'Ouvrir un accompagnement' }).click();
    await adviser.getByLabel('Chercher un foyer (nom ou référence)').fill('LM-AIRBEL-F14');
    await adviser.getByRole('button', { name: 'Chercher' }).click();
    await adviser.locator('#f-programmeId').selectOption({ label: 'Aide sur quittance (ASQ)' });
    await adviser.getByLabel('Foyer', { exact: true }).selectOption({ index: 1 });
    await adviser.getByLabel('Situation', { exact: true }).fill('Décès du conjoint en octobre ; pension de réversion attendue.');
    await adviser.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click();
    await expect.poll(() => adviser.getByText('Décès du conjoint en octobre').count()).toBe(1);
    const caseUrl = adviser.url();
    await adviser.getByRole('button', { name: 'Présenter à la commission' }).click();
    await expect.poll(() => adviser.getByRole('alert').textContent()).toContain('Ce champ est obligatoire.');
    await adviser.getByLabel('Difficulté').selectOption({ label: 'Décès du conjoint' });
    await adviser.getByLabel('Ressources mensuelles du foyer (€)').fill('870');
    await adviser.getByLabel('Faits utiles à la commission').fill('Veuve depuis octobre, réversion demandée, loyer toujours payé.');
    await adviser.getByRole('button', { name: 'Présenter à la commission' }).click();
    await expect.poll(() => adviser.getByText('Prêt pour la commission').count()).toBe(1);

    // The programme manager puts the ready dossiers on the first Thursday's agenda and opens the session.
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/sessions`);
    await manager.getByRole('table').getByRole('link').last().click();
    const sessionUrl = manager.url();
    await manager.getByRole('button', { name: 'Mettre à l’ordre du jour les dossiers prêts' }).click();
    await manager.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await expect.poll(() => manager.getByText('3 présent(s) pour un quorum de 3').count()).toBe(1);

    // A commission member sees codes, never names; 95 % of the rent is refused with the rule's words.
    const member = await newPage(s.browser, { js: false });
    await signInWith(member, s.base, LOGIREM.member1);
    await member.goto(sessionUrl);
    expect(await member.content()).not.toContain('Décès du conjoint en octobre');
    const rows = member.getByRole('row').filter({ hasText: 'Décès du conjoint' });
    await rows.getByRole('link').click();
    const rent = Number((await member.getByText(/au plus .* \(90 % de la quittance\)/).textContent())?.match(/au plus ([\d\s\u202f,]+)/)?.[1].replace(/[\s\u202f]/g, '').replace(',', '.')) / 0.9;
    await member.getByLabel('Accordée').check();
    await member.getByLabel('Aide mensuelle (€)').fill(((rent * 95) / 100).toFixed(2).replace('.', ','));
    await member.getByLabel('Nombre de mois').fill('6');
    await member.getByLabel('Votes pour').fill('3');
    await member.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expect.poll(() => member.getByRole('alert').textContent()).toContain('L’aide mensuelle ne peut pas dépasser 90 % du montant de la quittance.');
    expect(await member.getByLabel('Nombre de mois').inputValue()).toBe('6');
    await member.getByLabel('Aide mensuelle (€)').fill('250');
    await member.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expect.poll(() => member.getByRole('row').filter({ hasText: 'Décès du conjoint' }).textContent()).toMatch(/Accordée — 250,00\s€ par mois pendant 6 mois/);

    // The manager decides the seeded dossier too, signs, and the minutes show the decisions by code.
    await manager.goto(sessionUrl);
    await manager.getByRole('row').filter({ hasText: 'Séparation' }).getByRole('link').click();
    await manager.getByLabel('Ajournée').check();
    await manager.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await manager.getByRole('button', { name: 'Signer le procès-verbal' }).click();
    await expect.poll(() => manager.getByText('Signée').count()).toBeGreaterThan(0);
    await manager.getByRole('link', { name: 'Procès-verbal' }).click();
    await expect.poll(() => manager.locator('main').textContent()).toMatch(/1 aide accordée, 1\s500,00\s€ engagés sur le fonds\./);
    expect(await manager.locator('main').textContent()).not.toContain('Foyer');

    // Back on the case: the six monthly credits and the letter to the household.
    await adviser.goto(caseUrl);
    await expect.poll(() => adviser.getByRole('table', { name: 'Échéancier de l’aide sur la quittance' }).getByRole('row').count()).toBe(7);
    await adviser.getByRole('link', { name: 'Courrier au foyer' }).click();
    await expect.poll(() => adviser.locator('article').textContent()).toMatch(/Nous payons 250,00\s€ de votre loyer chaque mois, pendant 6 mois\./);

    // The fund's available balance went down by the 1 500 € committed.
    await manager.goto(`${s.base}/support/programmes`);
    await expect.poll(() => manager.locator('dd strong').first().textContent()).toBe('28\u202f500,00\u00a0€');
  }, 120_000);

  it('a sliding lease reaches its 9-month decision and the lease passes to the family', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserB);
    await page.goto(`${s.base}/support/cases`);
    const row = page.getByRole('row').filter({ hasText: 'Décision de glissement' });
    await row.getByRole('link').click();
    // The slide's day is proposed (today); the dated journey is e2e/support-lease.test.ts.
    await page.getByRole('button', { name: 'Faire glisser le bail à la famille' }).click();
    await expect.poll(() => page.locator('#stage-title + p strong').textContent()).toBe('Bail glissé à la famille');
  }, 180_000);

  it('the DDCH commitment shows behind schedule; a concierge cannot reach any case', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    const month = new Date().getMonth();
    // The commitment's own row, not the applicants DDCH proposed against it (their references DDCH-2026-…).
    if (month >= 6) await expect.poll(() => manager.getByRole('row').filter({ hasText: 'identifiés par DDCH' }).filter({ hasNotText: 'DDCH-2026-' }).textContent()).toContain('En retard');
    const concierge = await newPage(s.browser, { js: false });
    await signInWith(concierge, s.base, LOGIREM.concierge);
    const res = await concierge.goto(`${s.base}/support/cases`);
    expect(res?.status()).toBe(403);
  });
});

describe('referral to a partner association', () => {
  it('Elia sees the family referred with consent; when the adviser withdraws it, Elia’s access ends at once', async () => {
    const partner = await newPage(s.browser, { js: true });
    await signInWith(partner, s.base, LOGIREM.eliaReferent);
    await partner.getByRole('link', { name: 'Orientations reçues' }).first().click();
    await expect.poll(() => partner.locator('main').textContent()).toContain('Famille de quatre personnes');
    await expectAccessible(partner);
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserB);
    await adviser.goto(`${s.base}/support/cases`);
    await adviser.getByRole('row').filter({ hasText: 'Bilan à 6 mois' }).getByRole('link').click();
    await adviser.getByRole('button', { name: /Retirer l’accord/ }).click();
    await expect.poll(() => adviser.getByText('Accord retiré').count()).toBe(1);
    await partner.reload();
    await expect.poll(() => partner.locator('main').textContent()).toContain('Aucune orientation en cours.');
  }, 300_000);
});

describe('axe finds nothing on the support pages', () => {
  it('adviser: board, new case (with an error), case, letter', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases`);
    await expectAccessible(page);
    await page.goto(`${s.base}/support/cases/new`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
    for (const label of ['Foyer', 'Adaptation', 'Nouveaux']) {
      await page.goto(`${s.base}/support/cases`);
      const link = page.getByRole('row').filter({ hasText: label }).first().getByRole('link');
      if ((await link.count()) === 0) continue;
      await link.click();
      await expectAccessible(page);
    }
    // The letter of the decision granted in the journey above.
    await page.goto(`${s.base}/support/cases`);
    const asq = page.getByRole('row').filter({ hasText: 'Aide sur quittance' });
    for (let i = 0; i < (await asq.count()); i++) {
      await page.goto(`${s.base}/support/cases`);
      await page.getByRole('row').filter({ hasText: 'Aide sur quittance' }).nth(i).getByRole('link').click();
      const letter = page.getByRole('link', { name: 'Courrier au foyer' });
      if ((await letter.count()) === 0) continue;
      await letter.first().click();
      await expectAccessible(page);
      break;
    }
    expect(page.url()).toContain('/letter');
  }, 300_000);

  it('commission member: sessions, session, dossier', async () => {
    const member = await newPage(s.browser, { js: true });
    await signInWith(member, s.base, LOGIREM.member2);
    await member.goto(`${s.base}/support/sessions`);
    await expectAccessible(member);
    await member.getByRole('table').getByRole('link').last().click();
    await expectAccessible(member);
    await member.getByRole('table').getByRole('link').first().click();
    await expect.poll(() => member.locator('h1').textContent()).toMatch(/^Dossier D-/);
    await expectAccessible(member);
  }, 300_000);

  it('programme manager, in English: programmes, sessions, minutes', async () => {
    const manager = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    await manager.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => manager.locator('h1').textContent()).toBe('Support programmes');
    await expectAccessible(manager);
    await manager.goto(`${s.base}/support/sessions`);
    await manager.getByRole('table').getByRole('link').first().click();
    await manager.getByRole('link', { name: 'Minutes' }).click();
    await expectAccessible(manager);
  }, 300_000);
});

describe('programmes as configuration, documents, the overdue list', () => {
  it('a programme manager creates a programme without JavaScript: errors by each field, then saved; the form is axe-clean', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    // The English test above leaves the manager's language set to English: back to French.
    const french = manager.getByRole('button', { name: 'Français' });
    if ((await french.count()) > 0) await french.click();
    await manager.getByRole('link', { name: 'Créer un programme' }).click();
    await manager.getByLabel('Nom du programme').fill('Soutien aux victimes de violences');
    await manager.getByLabel('Type', { exact: true }).selectOption({ label: 'Violences conjugales' });
    await manager.getByLabel('Sensibilité').selectOption({ label: 'Très sensible' });
    await manager.getByLabel('Étape 1 : intitulé').fill('Mise à l’abri');
    await manager.getByLabel('Étape 1 : jours après l’ouverture').fill('deux');
    await manager.getByRole('button', { name: 'Créer le programme' }).click();
    await expect.poll(() => manager.getByRole('alert').textContent()).toContain('Indiquez un nombre de jours entre 0 et 730.');
    expect(await manager.getByLabel('Étape 1 : intitulé').inputValue()).toBe('Mise à l’abri');
    await manager.getByLabel('Étape 1 : jours après l’ouverture').fill('2');
    await manager.getByLabel('Base légale').fill('Mission d’intérêt public (RGPD art. 6-1-e).');
    await manager.getByLabel('Information donnée à la personne').fill('Seules les personnes qui vous accompagnent voient votre dossier.');
    await manager.getByRole('button', { name: 'Créer le programme' }).click();
    await expect.poll(() => manager.getByRole('status').first().textContent()).toContain('Le programme est enregistré.');
    await manager.goto(`${s.base}/support/programmes`);
    await expect.poll(() => manager.getByRole('link', { name: 'Soutien aux victimes de violences', exact: true }).count()).toBe(1);
    // axe needs JavaScript: the same pages, new and with errors, in a page that runs it.
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.manager);
    await axe.goto(`${s.base}/support/programmes/new`);
    await expectAccessible(axe);
    await axe.getByRole('button', { name: 'Créer le programme' }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBe(1);
    await expectAccessible(axe);
  }, 120_000);

  it('an adviser adds a document to a case without JavaScript; a renamed file is refused by the field', async () => {
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserA);
    await adviser.goto(`${s.base}/support/cases`);
    await adviser.getByRole('row').filter({ hasText: 'Adaptation' }).first().getByRole('link').click();
    await adviser.getByLabel('Ajouter un document').setInputFiles({ name: 'devis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
    await adviser.getByRole('button', { name: 'Envoyer le document' }).click();
    await expect.poll(() => adviser.getByRole('alert').textContent()).toContain('Ce fichier n’est pas un PDF, un PNG ou un JPEG');
    await adviser.getByLabel('Ajouter un document').setInputFiles({ name: 'devis-ergotherapeute.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await adviser.getByRole('button', { name: 'Envoyer le document' }).click();
    await expect.poll(() => adviser.getByRole('link', { name: 'devis-ergotherapeute.pdf' }).count()).toBe(1);
    const href = (await adviser.getByRole('link', { name: 'devis-ergotherapeute.pdf' }).getAttribute('href')) as string;
    const download = await adviser.request.get(`${s.base}${href}`);
    expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers()['x-content-type-options']).toBe('nosniff');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserA);
    await axe.goto(adviser.url());
    await expectAccessible(axe);
  }, 120_000);
});
