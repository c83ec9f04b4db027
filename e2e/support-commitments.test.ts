import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

describe('support: group commitments, solidarity actions, transfers (no JavaScript, 360 px, axe)', () => {
  it('the programme manager declares a group commitment with Elia: errors by each field first, the typed values kept; then saved and offered for attaching', async () => {
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    const french = manager.getByRole('button', { name: 'Français' });
    if ((await french.count()) > 0) await french.click();
    const groupForm = () => manager.locator('form', { has: manager.getByRole('heading', { name: 'Engagement partagé par les bailleurs d’un groupe' }) });
    await groupForm().getByLabel('Intitulé de l’engagement du groupe').fill('Jeunes actifs — groupe');
    await groupForm().getByRole('button', { name: 'Déclarer l’engagement du groupe' }).click();
    await expect.poll(() => manager.getByRole('alert').textContent()).toContain('Cochez au moins un autre bailleur du groupe.');
    expect(await groupForm().getByLabel('Intitulé de l’engagement du groupe').inputValue()).toBe('Jeunes actifs — groupe');
    await groupForm().getByLabel('Partenaire').selectOption({ label: 'Elia' });
    await groupForm().getByLabel('Logements promis par le groupe dans l’année').fill('30');
    await groupForm().getByLabel('Polylogis — LogiRep').check();
    await groupForm().getByRole('button', { name: 'Déclarer l’engagement du groupe' }).click();
    const join = manager.locator('form', { has: manager.getByRole('heading', { name: 'Rattacher un de nos engagements à celui du groupe' }) });
    await expect.poll(async () => (await join.getByLabel('Engagement du groupe').textContent()) ?? '').toContain('Jeunes actifs — groupe');
    // The demo's group shows its summed progress under Logirem's own commitment with Elia.
    expect(await manager.getByRole('table', { name: /Logements promis aux partenaires/ }).textContent()).toContain('Familles réfugiées — engagement du groupe avec Elia');

    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.manager);
    await axe.goto(`${s.base}/support/programmes`);
    await expectAccessible(axe);
    // The page with its errors is axe-clean too.
    const axeGroup = axe.locator('form', { has: axe.getByRole('heading', { name: 'Engagement partagé par les bailleurs d’un groupe' }) });
    await axeGroup.getByRole('button', { name: 'Déclarer l’engagement du groupe' }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBeGreaterThan(0);
    await expectAccessible(axe);
    await axe.close();
  }, 180_000);

  it('the adviser logs a solidarity action of the KAPS flat-share (an error first, values kept), then sees it in the list', async () => {
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserB);
    await adviser.goto(`${s.base}/support/cases`);
    await adviser.getByRole('row').filter({ hasText: 'Colocation solidaire KAPS' }).first().getByRole('link').click();
    const caseUrl = adviser.url();
    await expect.poll(() => adviser.getByRole('heading', { name: 'Actions de solidarité avec les habitants' }).count()).toBe(1);
    expect(await adviser.getByRole('region', { name: 'Actions de solidarité avec les habitants' }).textContent()).toContain('Aide aux devoirs le mercredi au local associatif');
    await adviser.getByLabel('Nombre d’habitants touchés').fill('15');
    await adviser.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await expect.poll(() => adviser.getByRole('alert').textContent()).toContain('Action menée');
    expect(await adviser.getByLabel('Nombre d’habitants touchés').inputValue()).toBe('15');
    await adviser.getByLabel('Action menée').fill('Cours de français avec les voisines');
    await adviser.getByLabel('Date de l’action').fill('2026-11-30');
    await adviser.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await expect.poll(async () => (await adviser.getByRole('region', { name: 'Actions de solidarité avec les habitants' }).textContent()) ?? '').toContain('Cours de français avec les voisines');

    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserB);
    await axe.goto(caseUrl);
    await expectAccessible(axe);
    await axe.close();
  }, 180_000);

  it('the adviser records the end of a transfer’s self-renovation works; the next stage is the move', async () => {
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserA);
    await adviser.goto(`${s.base}/support/cases`);
    await adviser.getByRole('row').filter({ hasText: 'Mut’toit' }).first().getByRole('link').click();
    await expect.poll(() => adviser.getByText('Chantier d’auto-réhabilitation prévu').count()).toBeGreaterThan(0);
    await adviser.getByRole('button', { name: 'Enregistrer la fin du chantier' }).click();
    await expect.poll(() => adviser.getByRole('button', { name: 'Enregistrer le déménagement' }).count()).toBe(1);
    expect(await adviser.getByRole('region', { name: 'Étape' }).textContent()).toContain('Logement remis en état avec la famille');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserA);
    await axe.goto(adviser.url());
    await expectAccessible(axe);
    await axe.close();
  }, 180_000);

  it('Elia’s referent sees the commitments made to Elia and proposes an applicant (an error first); Logirem’s manager answers DDCH’s proposal; pages axe-clean', async () => {
    const partner = await newPage(s.browser, { js: false });
    await signInWith(partner, s.base, LOGIREM.eliaReferent);
    await partner.goto(`${s.base}/support/commitments`);
    await expect.poll(() => partner.getByRole('heading', { name: 'Engagements des bailleurs envers votre association' }).count()).toBe(1);
    // The places Logirem gave under its commitment, with the dwelling (residence and reference) — never the household.
    const given = partner.getByRole('table', { name: 'Logements attribués au titre de Logements pour les familles réfugiées (convention Elia)' });
    await expect.poll(() => given.getByRole('columnheader', { name: 'Résidence' }).count()).toBe(1);
    const waiting = await given.getByRole('row').filter({ hasText: 'Logement pas encore indiqué' }).count();
    expect(waiting).toBeGreaterThan(0); // the latest place still waits for its dwelling
    expect(await given.getByRole('row').count()).toBeGreaterThan(waiting + 1); // the others name one (and the header row)
    await partner.getByLabel('Référence du demandeur').fill('ELIA-E2E-1');
    await partner.getByRole('button', { name: 'Proposer' }).click();
    await expect.poll(() => partner.getByRole('alert').textContent()).toContain('Engagement');
    expect(await partner.getByLabel('Référence du demandeur').inputValue()).toBe('ELIA-E2E-1');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.eliaReferent);
    await axe.goto(`${s.base}/support/commitments`);
    await expectAccessible(axe);
    await axe.close();

    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, LOGIREM.manager);
    await manager.goto(`${s.base}/support/programmes`);
    const proposals = manager.getByRole('region', { name: 'Candidats proposés par les partenaires' });
    await expect.poll(async () => (await proposals.textContent()) ?? '').toContain('DDCH');
    await proposals.getByRole('button', { name: /Attribuer un logement à DDCH-/ }).first().click();
    await expect.poll(async () => (await manager.getByRole('region', { name: 'Candidats proposés par les partenaires' }).textContent()) ?? '').toContain('Logement attribué (place 1)');
  }, 180_000);

  it('the administrator sets the organisation’s default retention (an error first, the value kept); Elia withdraws an applicant it proposed; pages axe-clean', async () => {
    const admin = await newPage(s.browser, { js: false });
    await signInWith(admin, s.base, LOGIREM.admin);
    await admin.goto(`${s.base}/support/settings`);
    await admin.getByLabel('Conserver les dossiers clos pendant (mois)').fill('200');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => admin.getByRole('alert').textContent()).toContain('Indiquez un nombre entier de mois entre 1 et 24.');
    expect(await admin.getByLabel('Conserver les dossiers clos pendant (mois)').inputValue()).toBe('200');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.admin);
    await axe.goto(admin.url());
    await expectAccessible(axe);
    await axe.close();
    // Over the CNIL's ceiling (2 years after the last contact): refused with the reason, the value kept.
    await admin.getByLabel('Conserver les dossiers clos pendant (mois)').fill('36');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => admin.getByRole('alert').textContent()).toContain('Au plus 24 mois : la CNIL recommande');
    expect(await admin.getByLabel('Conserver les dossiers clos pendant (mois)').inputValue()).toBe('36');
    await admin.getByLabel('Conserver les dossiers clos pendant (mois)').fill('18');
    await admin.getByLabel('À compter de').selectOption('closure');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('La durée de conservation par défaut est enregistrée.');
    expect(await admin.getByLabel('À compter de').inputValue()).toBe('closure');

    const partner = await newPage(s.browser, { js: false });
    await signInWith(partner, s.base, LOGIREM.eliaReferent);
    await partner.goto(`${s.base}/support/commitments`);
    await partner.getByLabel('Engagement').selectOption({ index: 1 });
    await partner.getByLabel('Référence du demandeur').fill('ELIA-E2E-W');
    await partner.getByLabel('Personnes dans le foyer').fill('3');
    await partner.getByRole('button', { name: 'Proposer' }).click();
    await expect.poll(() => partner.getByRole('button', { name: 'Retirer ELIA-E2E-W' }).count()).toBe(1);
    const axePartner = await newPage(s.browser, { js: true });
    await signInWith(axePartner, s.base, LOGIREM.eliaReferent);
    await axePartner.goto(`${s.base}/support/commitments`);
    await expectAccessible(axePartner);
    await axePartner.close();
    await partner.getByRole('button', { name: 'Retirer ELIA-E2E-W' }).click();
    await expect.poll(() => partner.getByRole('status').textContent()).toContain('La proposition est retirée.');
    expect(await partner.getByRole('row').filter({ hasText: 'ELIA-E2E-W' }).textContent()).toContain('Retiré par le partenaire');
  }, 180_000);
});
