import { beforeAll, describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { demoSpace, workingDayAhead } from '../src/modules/spaces/testing.js';
import { rawBooking } from '../src/modules/spaces/testing-garden.js';
import { NEIGHBOUR_EMAIL, type Neighbourhood, neighbourhoodWithGuest } from '../src/modules/spaces/testing-neighbours.js';

// A resident of Clésence whose residence joined Plurial Novilia's Réma'Vert neighbourhood books the e-bikes
// Plurial Novilia opened to it. The demo has no such account: it is made through the directory's and the
// spaces module's own commands (testing-neighbours.ts).
let s: Awaited<ReturnType<typeof browserSession>>;
let n: Neighbourhood;
const noOverflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  s = await browserSession();
  n = await neighbourhoodWithGuest(s.database);
});

describe('a neighbour books another landlord’s space on a 360 px phone', { timeout: 180_000 }, () => {
  it('finds the opened space under "Espaces du quartier", books a slot and sees it in "Mes réservations", without JavaScript', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, NEIGHBOUR_EMAIL);
    await page.getByRole('link', { name: 'Espaces du quartier' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Espaces du quartier');
    expect(await page.locator('main').textContent()).toContain('Réma’Vert — Arc-en-Ciel, Reims (Plurial Novilia)');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'Voir les créneaux : Vélos électriques de Réma’Vert' }).click();
    const day = workingDayAhead(1);
    await page.locator(`nav a[href$="date=${day}"]`).first().click();
    await expect.poll(() => page.locator('caption').textContent()).toMatch(/^Créneaux du /);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: /^Réserver 10:00, Vélo électrique 1/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Vélos électriques de Réma’Vert');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Votre réservation est confirmée.');
    await page.goto(`${s.base}/spaces/bookings`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Mes réservations');
    const section = page.getByRole('region', { name: 'Mes réservations dans le quartier' });
    expect(await section.textContent()).toContain('Vélos électriques de Réma’Vert (Plurial Novilia)');
    expect(await section.textContent()).toContain('État : Confirmée');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/x/neighbour-mine-360.png', fullPage: true });
    // Told by their own landlord, as a resident would be.
    const sent = await s.database.owner.query('select organisation_id from notifications where recipient = $1', [NEIGHBOUR_EMAIL]);
    expect(sent.rows.map((r) => r.organisation_id)).toEqual([n.guestOrg]);
  });

  it('every page of the journey is axe-clean in French, the form with its field error too', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, NEIGHBOUR_EMAIL);
    for (const path of ['/spaces/neighbourhood', `/spaces/neighbourhood/${n.spaceId}?date=${workingDayAhead(2)}`, `/spaces/neighbourhood/${n.spaceId}/book?resource=${n.resourceId}&date=${workingDayAhead(2)}&start=11:00`, '/spaces/bookings']) {
      await page.goto(`${s.base}${path}`);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await expectAccessible(page);
    }
    // The slot just booked, asked again for the same resource: refused at its field, the page still clean.
    await page.goto(`${s.base}/spaces/neighbourhood/${n.spaceId}/book?resource=${n.resourceId}&date=${workingDayAhead(1)}&start=10:00`);
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await expect.poll(() => page.locator('.error, [role=alert]').count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('moves the booking and queues for a full slot, without JavaScript, at 360 px, axe-clean', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, NEIGHBOUR_EMAIL);
    await page.goto(`${s.base}/spaces/neighbourhood`);
    await page.locator('main a[href$="/move"]').first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Déplacer une réservation');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByLabel('Heure d’arrivée').selectOption('11:00');
    await page.getByRole('button', { name: 'Déplacer la réservation' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('La réservation est déplacée.');
    // A slot of the space's own resident: full, so the form offers the waiting list.
    const day = workingDayAhead(2);
    await rawBooking(s.database, { spaceId: n.spaceId, resourceId: n.resourceId, householdId: (await demoSpace(s.database, 'Vélos électriques de Réma’Vert')).households[0], date: day, from: 9 * 60, to: 10 * 60, status: 'confirmed' });
    await page.goto(`${s.base}/spaces/neighbourhood/${n.spaceId}/book?resource=${n.resourceId}&date=${day}&start=09:00`);
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.getByRole('button', { name: 'Me mettre sur la liste d’attente' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Vous êtes sur la liste d’attente');
    expect(await page.getByRole('region', { name: 'Mes listes d’attente dans le quartier' }).count()).toBe(1);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    const checked = await newPage(s.browser, { js: true });
    await signInWith(checked, s.base, NEIGHBOUR_EMAIL);
    await checked.goto(`${s.base}/spaces/neighbourhood`);
    await expectAccessible(checked);
    await checked.locator('main a[href$="/move"]').first().click();
    await expectAccessible(checked);
  });
});
