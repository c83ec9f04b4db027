import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { createSeries } from '../src/modules/spaces/commands/create-series.js';
import { type DemoSpace, demoSpace, relaxRules, residentActor, userId, workingDayAhead } from '../src/modules/spaces/testing.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let cowork: DemoSpace;
const RESIDENT = 'resident-sotteville@demo.palier.fr';
const FACILITATOR = 'facilitator-sotteville@demo.palier.fr';

beforeAll(async () => {
  s = await browserSession();
  cowork = await demoSpace(s.database, 'Coworking solidaire de Sotteville');
  await relaxRules(s.database, cowork.spaceId);
});

describe('running shared spaces in a real browser, on a 360 px phone', () => {
  it('the programme manager creates a space and adds its desks, without JavaScript; every page passes axe', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.goto(`${s.base}/staff/spaces`);
    await page.getByRole('link', { name: 'Créer un espace' }).click();
    await page.getByRole('button', { name: 'Créer l’espace' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Lieu');
    await page.getByLabel('Lieu', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Nom', { exact: true }).fill('Coworking des Tilleuls');
    await page.getByLabel('Règlement intérieur').fill('Rangez votre poste en partant.');
    await page.getByRole('button', { name: 'Créer l’espace' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('L’espace est créé');
    await page.getByRole('link', { name: 'Ajouter une ressource' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Postes');
    await page.getByLabel('Nombre de places').fill('4');
    await page.getByRole('button', { name: 'Ajouter une ressource' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La ressource est enregistrée.');
    expect(await page.locator('main').textContent()).toContain('4 places');
    const settings = page.url().replace(/\?.*$/, '');
    const resource = await page.getByRole('link', { name: 'Modifier : Postes' }).getAttribute('href');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, demo('programme_manager'));
    for (const path of ['/staff/spaces', '/staff/spaces/new', settings.replace(s.base, ''), resource as string, '/staff/spaces/occupancy', '/staff/spaces/occupancy?period=month']) {
      await axe.goto(`${s.base}${path}`);
      await expectAccessible(axe);
    }
    await axe.goto(`${s.base}/staff/spaces/new`);
    await axe.getByLabel('Durée minimale d’une réservation (minutes)').fill('45');
    await axe.getByRole('button', { name: 'Créer l’espace' }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBeGreaterThan(0);
    await expectAccessible(axe);
    const overflow = await axe.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 240_000);

  it('the facilitator logs a support session from the board, without JavaScript; the log passes axe', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, FACILITATOR);
    await page.goto(`${s.base}/staff/spaces/${cowork.spaceId}`);
    await page.getByRole('link', { name: 'Journal d’accompagnement' }).click();
    await page.getByLabel('Sujet', { exact: true }).selectOption('cv');
    await page.getByLabel('Durée', { exact: true }).selectOption('45');
    await page.getByRole('button', { name: 'Enregistrer l’accompagnement' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('L’accompagnement est noté.');
    expect(await page.locator('table').textContent()).toContain('CV et lettre de motivation');
    const axe = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(axe, s.base, FACILITATOR);
    await axe.goto(`${s.base}/staff/spaces/${cowork.spaceId}/support`);
    await expectAccessible(axe);
  }, 120_000);

  it('a resident cancels a whole weekly series from "Mes réservations", without JavaScript (the page with series passes axe)', async () => {
    const household = (await s.database.owner.query("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = $1", [RESIDENT])).rows[0].household_id;
    const actor = residentActor(cowork.orgId, await userId(s.database, RESIDENT), household);
    const made = await createSeries(s.database.db, actor, cowork.spaceId, { resourceId: cowork.resourceId, date: workingDayAhead(9), start: '16:00', minutes: 60, purpose: 'training', weeks: 3, onConflict: 'skip' }, 'self');
    expect(made.kind).toBe('booked');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, RESIDENT);
    await axe.goto(`${s.base}/spaces/bookings`);
    await expectAccessible(axe);
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, RESIDENT);
    await page.goto(`${s.base}/spaces/bookings`);
    await page.getByRole('button', { name: /^Annuler toute la série/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/dates? de la série (est|sont) annulées?/);
    expect(await page.getByRole('button', { name: /^Annuler toute la série/ }).count()).toBe(0);
  }, 120_000);
});
