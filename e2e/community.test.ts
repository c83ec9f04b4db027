import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let tasting: string;
let current: string;
let past: string;
beforeAll(async () => {
  s = await browserSession();
  const q = async (sql: string) => (await s.database.owner.query(sql)).rows[0].id as string;
  tasting = await q(`select id from community_events where title like 'Dégustation%'`);
  current = await q(`select id from community_processes where title like 'Réma’Vert 2026%'`);
  past = await q(`select id from community_processes where title like '%Vie2B%'`);
  // A neighbour of Amina's with an account of her own, to support proposals (same demo password).
  await s.database.owner.query(
    `with u as (insert into users (email, display_name, password_hash) select 'lucie.moreau@example.org', 'Lucie Moreau', password_hash from users where email = $1 returning id)
     insert into memberships (organisation_id, user_id, role, household_id)
     select o.id, u.id, 'resident', (select id from households where reference = 'PN-REMAVERT-ARC-F2') from u, organisations o where o.slug = 'plurial-novilia'`,
    [demo('resident')],
  );
});

const noOverflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('community journeys on a 360 px screen, without JavaScript', { timeout: 180_000 }, () => {
  it('a guest takes the last places, a resident waits, the guest cancels with the link and the resident is promoted', async () => {
    const guest = await newPage(s.browser, { js: false });
    await guest.goto(`${s.base}/c/plurial-novilia/events/${tasting}`);
    await guest.getByLabel('Votre nom').fill('Mme Lopez');
    await guest.getByLabel('Téléphone ou e-mail').fill('06 12 34 56 78');
    await guest.getByLabel('Nombre d’adultes').fill('2');
    await guest.getByRole('button', { name: 'M’inscrire' }).click();
    await expect.poll(() => guest.getByRole('status').textContent()).toContain('votre inscription est confirmée');
    const cancelLink = guest.url().split('?')[0];

    const resident = await newPage(s.browser, { js: false });
    await signInWith(resident, s.base, demo('resident'));
    await resident.getByRole('link', { name: 'Activités' }).first().click();
    await resident.getByRole('link', { name: 'Dégustation de produits frais et locaux' }).click();
    await expect.poll(() => resident.locator('body').textContent()).toContain('Complet.');
    await resident.getByRole('button', { name: 'M’inscrire' }).click();
    await expect.poll(() => resident.getByRole('status').textContent()).toContain('liste d’attente');
    await expect.poll(() => resident.locator('body').textContent()).toContain('Vous êtes les prochains.');

    await guest.goto(cancelLink);
    await guest.getByRole('button', { name: 'Annuler mon inscription' }).click();
    await expect.poll(() => guest.locator('body').textContent()).toContain('Cette inscription est annulée.');

    await resident.reload();
    await expect.poll(() => resident.locator('body').textContent()).toContain('Vous êtes inscrits (1 personne).');
    expect(await noOverflow(resident)).toBeLessThanOrEqual(0);
  });

  it('a facilitator takes attendance on the phone', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('facilitator'));
    await page.goto(`${s.base}/community/manage`);
    await page.getByRole('link', { name: 'Dégustation de produits frais et locaux' }).click();
    const first = page.locator('fieldset').first();
    await first.getByLabel('Présent').check();
    await page.locator('fieldset').nth(1).getByLabel('Absent').check();
    await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Les présences sont enregistrées.');
    await expect.poll(() => page.locator('body').textContent()).toContain('Taux de présence : 50 %.');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('a resident proposes compost, a neighbour supports it, the landlord answers accepted then done, and the supporter is told', async () => {
    const amina = await newPage(s.browser, { js: false });
    await signInWith(amina, s.base, demo('resident'));
    await amina.goto(`${s.base}/community/processes/${current}`);
    await amina.getByRole('link', { name: 'Faire une proposition' }).click();
    await amina.getByLabel('Votre idée en une phrase').fill('Un composteur près du bâtiment A');
    await amina.getByLabel('Expliquez en quelques mots').fill('Pour les épluchures des familles du bâtiment.');
    await amina.getByLabel('Thème').selectOption('environment');
    await amina.getByRole('button', { name: 'Envoyer ma proposition' }).click();
    await expect.poll(() => amina.getByRole('status').textContent()).toContain('Votre proposition est enregistrée');
    const proposalUrl = amina.url().split('?')[0];

    const lucie = await newPage(s.browser, { js: false });
    await signInWith(lucie, s.base, 'lucie.moreau@example.org');
    await lucie.goto(proposalUrl);
    await lucie.getByRole('button', { name: 'Je soutiens cette proposition' }).click();
    await expect.poll(() => lucie.getByRole('status').textContent()).toContain('Votre soutien est compté.');

    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, demo('programme_manager'));
    await manager.goto(`${s.base}/community/manage/proposals`);
    await manager.getByRole('link', { name: 'Un composteur près du bâtiment A' }).click();
    await manager.getByLabel('Nouveau statut').selectOption('accepted');
    await manager.getByLabel('Réponse publique').fill('Accepté : deux bacs seront installés en mars.');
    await manager.getByRole('button', { name: 'Publier la réponse' }).click();
    await expect.poll(() => manager.getByRole('status').textContent()).toContain('La réponse est publiée');
    await manager.getByLabel('Nouveau statut').selectOption('done');
    await manager.getByLabel('Réponse publique').fill('Les bacs sont installés.');
    await manager.getByRole('button', { name: 'Publier la réponse' }).click();
    await expect.poll(() => manager.locator('body').textContent()).toContain('Réalisée');

    await lucie.goto(`${s.base}/community/notifications`);
    await expect.poll(() => lucie.locator('main').textContent()).toContain('Les bacs sont installés.');
    await expect.poll(() => lucie.locator('main').textContent()).toContain('Accepté : deux bacs seront installés en mars.');
    const board = await newPage(s.browser, { js: false });
    await board.goto(`${s.base}/c/plurial-novilia/processes/${current}`);
    await expect.poll(() => board.locator('main').textContent()).toContain('Un composteur près du bâtiment A');
  });

  it('a facilitator plans an activity on approval, accepts a resident’s request, then cancels it with a reason the resident reads', async () => {
    const staff = await newPage(s.browser, { js: false });
    await signInWith(staff, s.base, demo('facilitator'));
    await staff.goto(`${s.base}/community/manage/events/new`);
    await staff.getByLabel('Titre').fill('Sortie au jardin botanique');
    await staff.getByLabel('Type d’activité').selectOption('outing');
    await staff.getByLabel('Adresse').fill('Jardin botanique, Reims');
    await staff.getByLabel('Date (première date d’une série)').fill(new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
    await staff.getByLabel('Heure de début').fill('14:00');
    await staff.getByLabel('Heure de fin').fill('17:00');
    await staff.getByLabel('Inscriptions').selectOption('approval');
    await staff.getByLabel('Nombre de places').fill('8');
    await staff.getByRole('button', { name: 'Créer l’activité' }).click();
    const roster = staff.url().split('?')[0];

    const resident = await newPage(s.browser, { js: false });
    await signInWith(resident, s.base, demo('resident'));
    await resident.goto(`${s.base}/community`);
    await resident.getByRole('link', { name: 'Sortie au jardin botanique' }).click();
    await resident.getByRole('button', { name: 'M’inscrire' }).click();
    await expect.poll(() => resident.locator('body').textContent()).toContain('attend la confirmation de l’équipe');

    await staff.goto(`${s.base}/community/manage`);
    await staff.getByRole('link', { name: 'Demandes à valider' }).click();
    await staff.getByRole('button', { name: /^Accepter la demande de/ }).first().click();
    await expect.poll(() => staff.getByRole('status').textContent()).toContain('La demande est acceptée');
    expect(await noOverflow(staff)).toBeLessThanOrEqual(0);
    await resident.reload();
    await expect.poll(() => resident.locator('body').textContent()).toContain('Vous êtes inscrits (1 personne).');

    await staff.goto(roster);
    await staff.getByRole('link', { name: 'Modifier ou annuler l’activité' }).click();
    expect(await noOverflow(staff)).toBeLessThanOrEqual(0);
    await staff.getByRole('button', { name: 'Annuler l’activité et prévenir les inscrits' }).click();
    await expect.poll(() => staff.getByRole('alert').textContent()).toContain('Le formulaire contient');
    await staff.getByLabel('Raison de l’annulation').fill('Jardin fermé pour travaux');
    await staff.getByRole('button', { name: 'Annuler l’activité et prévenir les inscrits' }).click();
    await expect.poll(() => staff.locator('body').textContent()).toContain('les inscrits sont prévenus et la salle est libérée');
    await resident.reload();
    await expect.poll(() => resident.locator('body').textContent()).toContain('Raison : Jardin fermé pour travaux');
  });
});

const proposalId = async () => (await s.database.owner.query(`select id from community_proposals where title like 'Une boîte à livres%'`)).rows[0].id as string;

describe('axe finds nothing on the community pages', { timeout: 300_000 }, () => {
  it('resident: activities and an activity', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('resident'));
    for (const path of ['/community', `/community/events/${tasting}`, '/community/notifications']) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
  });

  it('resident: processes, a board, a proposal, the proposal form with its errors', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('resident'));
    for (const path of ['/community/processes', `/community/processes/${past}`, `/community/proposals/${await proposalId()}`]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
    await page.goto(`${s.base}/community/processes/${current}/propose`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Envoyer ma proposition' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le formulaire contient');
    await expectAccessible(page);
  });

  it('signed out: the public board, registration without an account and its errors', async () => {
    const page = await newPage(s.browser, { js: true });
    for (const path of [`/c/plurial-novilia/processes/${past}`, `/c/plurial-novilia/events/${tasting}`]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
    await page.getByRole('button', { name: 'M’inscrire' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le formulaire contient');
    await expectAccessible(page);
  });

  it('staff, in English: activities, roster with a household search, proposals queue, answer form', async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, demo('programme_manager'));
    for (const path of ['/community/manage', `/community/manage/events/${tasting}?q=Foyer`, '/community/manage/proposals', `/community/proposals/${await proposalId()}`]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
  });

  it('staff, in English: the new activity form and its errors', async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, demo('facilitator'));
    await page.goto(`${s.base}/community/manage/events/new`);
    await expectAccessible(page);
    await page.getByRole('button', { name: /Create the activity|Créer l’activité/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/The form has|Le formulaire contient/);
    await expectAccessible(page);
  });
  it('staff: requests to approve, change and cancel an activity (with errors), the printable sheet, moderation', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('programme_manager'));
    const comment = (await s.database.owner.query(`select id from community_comments order by created_at limit 1`)).rows[0]?.id as string | undefined;
    const paths = ['/community/manage/requests', `/community/manage/events/${tasting}/sheet`, `/community/manage/moderate/proposal/${await proposalId()}`];
    if (comment) paths.push(`/community/manage/moderate/comment/${comment}`);
    for (const path of paths) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
    await page.goto(`${s.base}/community/manage/events/${tasting}/edit`);
    await expectAccessible(page);
    await page.getByLabel('Titre').fill('');
    await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le formulaire contient');
    await expectAccessible(page);
  });
});
