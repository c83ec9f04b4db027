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
