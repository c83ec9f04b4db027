import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../src/modules/spaces/testing.js';
import { rawBooking, residentAccount } from '../src/modules/spaces/testing-garden.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let room: DemoSpace;
const STEWARD = 'steward-e2e@demo.palier.fr';

beforeAll(async () => {
  s = await browserSession();
  room = await demoSpace(s.database, 'Salle commune Arc-en-Ciel');
  await relaxRules(s.database, room.spaceId);
  await residentAccount(s.database, room.orgId, room.households[1], STEWARD, 'Odile Martin');
});

describe('a common room run collegially, in a real browser on a 360 px phone', () => {
  it('a common-room request approved by a resident steward, without JavaScript', async () => {
    // The manager names the resident steward of the room.
    const manager = await newPage(s.browser, { js: false });
    await signInWith(manager, s.base, demo('programme_manager'));
    await manager.goto(`${s.base}/staff/spaces/${room.spaceId}`);
    await manager.getByRole('link', { name: 'Comité de la salle (habitants référents)' }).click();
    await manager.getByLabel('Habitant (compte Palier)').selectOption({ label: 'Odile Martin' });
    await manager.getByRole('button', { name: 'Nommer au comité' }).click();
    await expect.poll(() => manager.getByRole('status').textContent()).toContain('L’habitant est nommé au comité.');
    // A household asks for the room; the steward decides.
    const asked = await rawBooking(s.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: workingDayAhead(9), from: 600, to: 720, status: 'pending' });
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, STEWARD);
    await page.goto(`${s.base}/spaces/stewarding`);
    await page.getByRole('link', { name: 'Ouvrir : Salle commune Arc-en-Ciel' }).click();
    expect(await page.locator('h1').textContent()).toBe('Comité : Salle commune Arc-en-Ciel');
    // Refusing without a reason is refused, next to the field.
    await page.getByRole('button', { name: /^Refuser la demande/ }).first().click();
    await expect.poll(() => page.locator('.error').first().textContent()).toBeTruthy();
    await page.getByRole('button', { name: /^Accepter la demande/ }).first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La demande est acceptée');
    expect((await s.database.owner.query('select status from space_bookings where id = $1', [asked])).rows[0].status).toBe('confirmed');
    expect((await s.database.owner.query("select count(*)::int as n from notifications where subject like 'Demande acceptée%'")).rows[0].n).toBe(1);
    // The key goes to the household, recorded by the steward.
    await page.getByLabel('Remise à').first().fill('Mme Benali');
    await page.getByRole('button', { name: /^Noter la remise de la clé/ }).first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La remise de la clé est notée.');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 180_000);

  it('axe finds nothing on the stewards’, committee and keys pages, in French and English', async () => {
    await rawBooking(s.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: workingDayAhead(10), from: 600, to: 720, status: 'pending' });
    for (const locale of ['fr-FR', 'en-GB']) {
      const steward = await newPage(s.browser, { js: true, locale });
      await signInWith(steward, s.base, STEWARD);
      for (const path of ['/spaces/stewarding', `/spaces/stewarding/${room.spaceId}`]) {
        await steward.goto(`${s.base}${path}`);
        await expectAccessible(steward);
      }
      const manager = await newPage(s.browser, { js: true, locale });
      await signInWith(manager, s.base, demo('programme_manager'));
      for (const path of [`/staff/spaces/${room.spaceId}/stewards`, `/staff/spaces/${room.spaceId}/keys`]) {
        await manager.goto(`${s.base}${path}`);
        await expectAccessible(manager);
      }
    }
  }, 240_000);
});

describe('garden plots and self check-in, in a real browser', () => {
  it('staff open a season by draw and draw lots; a resident sees their plot on “My garden plot”, without JavaScript', async () => {
    const garden = await demoSpace(s.database, 'Jardins partagés de Réma’Vert');
    const gardener = 'gardener-e2e@demo.palier.fr';
    await residentAccount(s.database, garden.orgId, garden.households[0], gardener, 'Lucie Jardin');
    const staff = await newPage(s.browser, { js: false });
    await signInWith(staff, s.base, demo('concierge'));
    await staff.goto(`${s.base}/staff/spaces/${garden.spaceId}`);
    await staff.getByRole('link', { name: 'Parcelles et saisons' }).click();
    await staff.getByLabel('Nom de la saison').fill('Saison 2027');
    await staff.getByLabel('Début').fill(workingDayAhead(1));
    await staff.getByLabel('Fin').fill(workingDayAhead(200));
    await staff.getByLabel('Attribution des parcelles').selectOption('draw');
    await staff.getByRole('button', { name: 'Ouvrir la saison' }).click();
    await expect.poll(() => staff.getByRole('status').textContent()).toContain('La saison est ouverte aux demandes.');
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, gardener);
    await page.getByRole('link', { name: 'Ma parcelle' }).first().click();
    // The season just opened, not the demo's season under way in the same garden.
    await page.getByRole('button', { name: /saison « Saison 2027 »/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Votre demande est enregistrée');
    await staff.reload();
    await staff.getByRole('button', { name: 'Tirer au sort et attribuer' }).click();
    await expect.poll(() => staff.getByRole('status').textContent()).toContain('1 parcelle attribuée.');
    expect(await staff.locator('main').textContent()).toMatch(/graine [0-9a-f]{32}/);
    await page.reload();
    expect(await page.locator('main').textContent()).toContain('Carré potager');
    for (const locale of ['fr-FR', 'en-GB']) {
      const axe = await newPage(s.browser, { js: true, locale });
      await signInWith(axe, s.base, gardener);
      await axe.goto(`${s.base}/spaces/garden`);
      await expectAccessible(axe);
      const axeStaff = await newPage(s.browser, { js: true, locale });
      await signInWith(axeStaff, s.base, demo('concierge'));
      for (const path of [`/staff/spaces/${garden.spaceId}/garden`, `/staff/spaces/${garden.spaceId}/screen`]) {
        await axeStaff.goto(`${s.base}${path}`);
        await expectAccessible(axeStaff);
      }
    }
  }, 240_000);

  it('a resident checks in with the code of the day shown on the screen; axe finds nothing on the check-in page', async () => {
    const cowork = await demoSpace(s.database, 'Coworking solidaire de Sotteville');
    const mine = (await s.database.owner.query("select m.household_id from memberships m join users u on u.id = m.user_id where u.email = 'resident-sotteville@demo.palier.fr'")).rows[0].household_id;
    await s.database.owner.query('update space_resources set units = 20 where id = $1', [cowork.resourceId]);
    const id = (await s.database.owner.query("insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, 20, $4, tstzrange($5, $6, '[)'), tstzrange($5, $6, '[)'), 'confirmed') returning id", [cowork.orgId, cowork.spaceId, cowork.resourceId, mine, new Date(Date.now() - 600_000), new Date(Date.now() + 3_600_000)])).rows[0].id;
    const screen = await newPage(s.browser, { js: false });
    await signInWith(screen, s.base, 'facilitator-sotteville@demo.palier.fr');
    await screen.goto(`${s.base}/staff/spaces/${cowork.spaceId}`);
    await screen.getByRole('link', { name: 'Écran d’accueil (code du jour)' }).click();
    const code = ((await screen.locator('[data-code]').textContent()) ?? '').trim();
    expect(code).toMatch(/^\d{6}$/);
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, 'resident-sotteville@demo.palier.fr');
    await page.goto(`${s.base}/spaces/bookings/${id}/checkin`);
    await page.getByLabel('Code affiché à l’accueil').fill(code === '000000' ? '000001' : '000000');
    await page.getByRole('button', { name: 'Je suis arrivé' }).click();
    await expect.poll(() => page.locator('#f-code-error').textContent()).toContain('Ce n’est pas le code du jour');
    await expectAccessible(page);
    await page.getByLabel('Code affiché à l’accueil').fill(code);
    await page.getByRole('button', { name: 'Je suis arrivé' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Votre arrivée est notée.');
    await expectAccessible(page);
  }, 180_000);
});
