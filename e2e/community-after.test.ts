import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

// After an activity (the report with a photo and its consent) and the resident's own activities with
// the private calendar address: on a 360 px screen, each page checked by axe, errors included.
let s: Awaited<ReturnType<typeof browserSession>>;
let held: string;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  s = await browserSession();
  held = (
    await s.database.owner.query(
      `insert into community_events (organisation_id, title, category, address, starts_at, ends_at)
       select id, 'Troc de jouets', 'collection', 'Salle commune', now() - interval '3 hours', now() - interval '1 hour' from organisations where slug = 'plurial-novilia' returning id`,
    )
  ).rows[0].id;
});

const noOverflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('after the activity, and my calendar', { timeout: 240_000 }, () => {
  it('a facilitator writes the report, is stopped without the consent box, then adds the photo; the resident reads it', async () => {
    const staff = await newPage(s.browser, { js: true });
    await signInWith(staff, s.base, demo('facilitator'));
    await staff.goto(`${s.base}/community/manage/events/${held}`);
    await staff.getByRole('link', { name: 'Écrire le compte rendu' }).click();
    await expectAccessible(staff);
    await staff.getByLabel('Ce qui s’est passé').fill('Une trentaine de jouets ont changé de main.');
    await staff.getByLabel('Personnes venues sans inscription').fill('12');
    await staff.setInputFiles('#f-photo', { name: 'troc.png', mimeType: 'image/png', buffer: PNG });
    await staff.getByLabel('Ce que montre la photo (facultatif)').fill('Les tables du troc');
    await staff.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await expect.poll(() => staff.getByRole('alert').textContent()).toContain('Le formulaire contient');
    await expectAccessible(staff);
    await staff.setInputFiles('#f-photo', { name: 'troc.png', mimeType: 'image/png', buffer: PNG });
    await staff.getByLabel(/Les personnes que l’on reconnaît/).check();
    await staff.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Le compte rendu et la photo sont enregistrés.');
    await expectAccessible(staff);
    expect(await noOverflow(staff)).toBeLessThanOrEqual(0);

    const resident = await newPage(s.browser, { js: false });
    await signInWith(resident, s.base, demo('resident'));
    await resident.goto(`${s.base}/community/events/${held}`);
    await expect.poll(() => resident.getByRole('heading', { name: 'Compte rendu' }).count()).toBe(1);
    expect(await resident.getByRole('img', { name: 'Les tables du troc' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    expect(await resident.textContent('main')).toContain('12 personnes sont venues sans inscription.');
    expect(await noOverflow(resident)).toBeLessThanOrEqual(0);
    const withJs = await newPage(s.browser, { js: true });
    await signInWith(withJs, s.base, demo('resident'));
    await withJs.goto(`${s.base}/community/events/${held}`);
    await expectAccessible(withJs);

    // The photo is taken down again (its file removed from the data directory).
    await staff.getByRole('button', { name: 'Retirer la photo 1' }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('La photo est retirée.');
  });

  it('a resident links their activities to their phone’s calendar, then stops it', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('resident'));
    await page.goto(`${s.base}/community`);
    await page.getByRole('link', { name: 'Mes activités et mon agenda' }).click();
    await page.getByRole('button', { name: 'Relier mes activités à mon agenda' }).click();
    const address = await page.getByLabel(/Adresse de votre agenda/).inputValue();
    expect(address).toMatch(/\/c\/plurial-novilia\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await page.getByRole('link', { name: 'Ajouter à l’agenda de ce téléphone' }).getAttribute('href')).toMatch(/^webcal:\/\//);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    const feed = await fetch(`${s.base}${new URL(address).pathname}`);
    expect(feed.status).toBe(200);
    const axePage = await newPage(s.browser, { js: true });
    await signInWith(axePage, s.base, demo('resident'));
    await axePage.goto(`${s.base}/community/mine`);
    await expectAccessible(axePage);
    await axePage.getByRole('button', { name: /Faire une nouvelle adresse/ }).click();
    await expect.poll(() => axePage.getByLabel(/Adresse de votre agenda/).count()).toBe(1);
    await expectAccessible(axePage);
    await page.goto(`${s.base}/community/mine`);
    await page.getByRole('button', { name: /Arrêter/ }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('ne marche plus');
  });
});
