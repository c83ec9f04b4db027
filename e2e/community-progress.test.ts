import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let tasting: string;
let past: string;
const one = async (sql: string) => (await s.database.owner.query(sql)).rows[0].id as string;
beforeAll(async () => {
  s = await browserSession();
  tasting = await one(`select id from community_events where title like 'Dégustation%'`);
  past = await one(`select id from community_processes where title like '%Vie2B%'`);
  // A neighbour of Amina's with an account of her own (same demo password), to co-organise the tasting.
  await s.database.owner.query(
    `with u as (insert into users (email, display_name, password_hash) select 'lucie.moreau@example.org', 'Lucie Moreau', password_hash from users where email = $1 returning id)
     insert into memberships (organisation_id, user_id, role, household_id)
     select o.id, u.id, 'resident', (select id from households where reference = 'PN-REMAVERT-ARC-F2') from u, organisations o where o.slug = 'plurial-novilia'`,
    [demo('resident')],
  );
});

const noOverflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('co-organisers and the progress of proposals, on a 360 px screen', { timeout: 240_000 }, () => {
  it('staff name a resident co-organiser of the tasting, who takes its roll call on her phone without JavaScript', async () => {
    const staff = await newPage(s.browser, { js: false });
    await signInWith(staff, s.base, demo('facilitator'));
    await staff.goto(`${s.base}/community/manage/events/${tasting}`);
    await staff.getByLabel('Adresse e-mail du compte de l’habitant').fill('lucie.moreau@example.org');
    await staff.getByRole('button', { name: 'Nommer co-organisateur' }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('L’habitant est co-organisateur de l’activité.');
    const lucie = await newPage(s.browser, { js: false });
    await signInWith(lucie, s.base, 'lucie.moreau@example.org');
    await lucie.goto(`${s.base}/community/events/${tasting}`);
    await lucie.getByRole('link', { name: 'Faire l’appel' }).click();
    await lucie.locator('fieldset').first().getByLabel('Présent').check();
    await lucie.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await expect.poll(() => lucie.getByRole('status').first().textContent()).toContain('Les présences sont enregistrées.');
    expect(await noOverflow(lucie)).toBeLessThanOrEqual(0);
  });

  it('the landlord accepts a proposal, plans a step and marks it done; the board says what is next', async () => {
    const proposal = await one(`select id from community_proposals where title like 'Une boîte à livres%'`);
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, demo('programme_manager'));
    await manager.goto(`${s.base}/community/proposals/${proposal}`);
    await manager.getByLabel('Nouveau statut').selectOption('accepted');
    await manager.getByLabel('Réponse publique', { exact: true }).fill('Une boîte sera posée dans la salle Arc-en-Ciel.');
    await manager.getByRole('button', { name: 'Publier la réponse' }).click();
    await manager.getByLabel('Étape', { exact: true }).fill('Fabriquer la boîte avec l’atelier bois');
    await manager.getByLabel('Date prévue (facultatif)').fill('2027-03-15');
    await manager.getByRole('button', { name: 'Ajouter l’étape' }).click();
    await manager.getByLabel('Étape', { exact: true }).fill('Poser la boîte');
    await manager.getByRole('button', { name: 'Ajouter l’étape' }).click();
    await manager.getByRole('button', { name: 'Marquer comme fait' }).first().click();
    await expect.poll(() => manager.getByRole('status').first().textContent()).toContain('L’étape est marquée comme faite');
    expect(await noOverflow(manager)).toBeLessThanOrEqual(0);
    const amina = await newPage(s.browser, { js: false });
    await signInWith(amina, s.base, demo('resident'));
    const current = await one(`select process_id as id from community_proposals where id = '${proposal}'`);
    await amina.goto(`${s.base}/community/processes/${current}`);
    await expect.poll(() => amina.locator('body').textContent()).toContain('Et ensuite : Poser la boîte');
  });

  it('axe finds nothing on the boards with meetings, a proposal with its steps and forms, and the roll call', async () => {
    const proposal = await one(`select id from community_proposals where title like 'Une boîte à livres%'`);
    const compost = await one(`select id from community_proposals where title = 'Mettre en place un système de compostage'`);
    const manager = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(manager, s.base, demo('programme_manager'));
    for (const path of [`/community/proposals/${proposal}`, `/community/manage/events/${tasting}`, `/community/processes/${past}`]) {
      await manager.goto(`${s.base}${path}`);
      await expectAccessible(manager);
    }
    const lucie = await newPage(s.browser, { js: true });
    await signInWith(lucie, s.base, 'lucie.moreau@example.org');
    for (const path of [`/community/events/${tasting}/roll-call`, `/community/proposals/${compost}`, '/community/notifications']) {
      await lucie.goto(`${s.base}${path}`);
      await expectAccessible(lucie);
    }
    const visitor = await newPage(s.browser, { js: true });
    await visitor.goto(`${s.base}/c/plurial-novilia/processes/${past}`);
    await expectAccessible(visitor);
  });
});
