import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

async function download(page: Page, link: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  return readFile((await file.path()) as string);
}

describe('impact journeys in a real browser, on a 360 px screen', () => {
  it('a programme manager filters a residence and a year, then exports XLSX and the funder PDF', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.getByRole('link', { name: 'Impact' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Indicateurs d’impact');
    await page.getByLabel('Année').selectOption('2026');
    await page.getByLabel('Résidence', { exact: true }).selectOption({ label: 'Réma’Vert — Arc-en-Ciel' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Période 2026, 1 résidence');
    await expect.poll(() => page.getByRole('img', { name: /Taux d’occupation par résidence, 2026/ }).count()).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(page, 'Tableau au format Excel (XLSX)')) as never);
    expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe('Réma’Vert — Arc-en-Ciel');
    expect(wb.worksheets[0].getRow(2).getCell(5).value).toBe(83.3);
    const pdf = (await download(page, 'Rapport pour les financeurs (PDF)')).toString('latin1');
    const text = [...pdf.matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1], 'hex').toString('latin1')).join('');
    expect(text).toContain('Plurial Novilia');
    expect(text).toContain('Réma');
  }, 90_000);

  it('a network member compares occupancy across the club, anonymised', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('network_member'));
    await page.getByRole('link', { name: 'Réseau' }).first().click();
    await expect
      .poll(() =>
        page
          .getByRole('row', { name: /Médiane/ })
          .first()
          .textContent(),
      )
      .toContain('86,7 %');
    await expect.poll(() => page.getByText('Votre organisation').count()).toBe(0);
  }, 90_000);

  it('a network member reuses a landlord’s published sheet; a landlord writes its own', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('network_member'));
    await page.getByRole('link', { name: 'Pratiques' }).first().click();
    await page.getByLabel('Rechercher une pratique').fill('générations');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Habitat intergénérationnel : faire cohabiter les générations' }).click();
    await page.getByRole('button', { name: 'Reprendre cette pratique' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('La fiche est enregistrée.');
    await expect.poll(() => page.getByText('fiche privée').count()).toBe(1);

    const pm = await newPage(s.browser, { js: false });
    await signInWith(pm, s.base, demo('programme_manager'));
    await pm.goto(`${s.base}/impact/practices/new`);
    await pm.getByLabel('Titre').fill('Coworking solidaire');
    await pm.getByLabel('Problème traité').fill('Pas de lieu calme pour chercher un emploi.');
    await pm.getByLabel('Contact', { exact: true }).fill('Service innovation sociale');
    await pm.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await expect.poll(() => pm.locator('h1').textContent()).toBe('Coworking solidaire');
  }, 90_000);

  it('a resident sees the services near their residence', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('resident'));
    await page.getByRole('link', { name: 'Autour de chez moi' }).first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'La Poste' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Bureau de poste du quartier' }).textContent()).toContain('495 m');
  }, 90_000);
});

describe('axe finds nothing on the impact pages', () => {
  it('as a programme manager: dashboard, practices, network, residences', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('programme_manager'));
    for (const path of ['/impact', '/impact?year=2025&quarter=3', '/impact/practices', '/impact/network', '/impact/residences']) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
  }, 90_000);

  it('as a programme manager: the forms of a sheet and of a nearby place, with their errors', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.goto(`${s.base}/impact/practices/new`);
    await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${s.base}/impact/residences`);
    await page.getByRole('link', { name: /Autour de Réma’Vert/ }).click();
    await expectAccessible(page);
    await page.getByLabel('Latitude').fill('north');
    await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
  }, 90_000);

  it('as a network member, in English: benchmark, library, a published sheet', async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, demo('network_member'));
    await page.goto(`${s.base}/impact/network`);
    await expectAccessible(page);
    await page.goto(`${s.base}/impact/practices`);
    await expectAccessible(page);
    await page.getByRole('link', { name: /Résidence d’insertion/ }).click();
    await expectAccessible(page);
  }, 90_000);

  it('as a resident: the services around the residence', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('resident'));
    await page.goto(`${s.base}/impact/around`);
    await expectAccessible(page);
  }, 90_000);
});
