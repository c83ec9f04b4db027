import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
const YEAR = new Date().getFullYear();
let network: string;

beforeAll(async () => {
  s = await browserSession();
  network = (await s.database.owner.query("select id from organisations where slug = 'ar-hlm-paca'")).rows[0].id;
});

const fits = (page: Awaited<ReturnType<typeof newPage>>) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('the dashboard grouped by agency, type, programme and the network by landlord, in a real browser at 360 px', () => {
  it('a programme manager groups the dashboard by agency then by residence type without JavaScript, and the exports follow', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.goto(`${s.base}/impact?year=${YEAR}`);
    await page.getByLabel('Regrouper par').selectOption({ label: 'Agence' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Regroupement par agence');
    expect(page.url()).toContain('group=agency');
    await expect.poll(() => page.locator('#all-h').textContent()).toBeTruthy();
    expect(await page.locator('section[aria-labelledby="all-h"] thead th').first().textContent()).toBe('Agence');
    expect(await page.getByRole('link', { name: /CSV/ }).first().getAttribute('href')).toContain('group=agency');
    await page.getByLabel('Regrouper par').selectOption({ label: 'Type de résidence' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Regroupement par type de résidence');
    expect(await fits(page)).toBe(true);
  }, 90_000);

  it('a landlord’s administrator sees its support programmes as rows, and its own line beside the club’s quartiles', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.admin);
    await page.goto(`${s.base}/impact?year=${YEAR}`);
    await page.getByLabel('Regrouper par').selectOption({ label: 'Programme d’accompagnement' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Regroupement par programme d’accompagnement');
    const programmes = (await s.database.owner.query("select count(*)::int as n from support_programmes p join organisations o on o.id = p.organisation_id where o.slug = 'logirem'")).rows[0].n;
    expect(programmes).toBeGreaterThan(0);
    // The table of every indicator: one row per programme, then the total and the previous period's.
    await expect.poll(() => page.locator('section[aria-labelledby="all-h"] tbody tr').count()).toBe(programmes + 2);
    await page.goto(`${s.base}/impact/network?network=${network}&year=${YEAR}`);
    await page.getByLabel('Présentation').selectOption({ label: 'Par bailleur' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Tous les indicateurs par bailleur' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('rowheader', { name: 'Logirem (votre organisation)' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Télécharger le tableau par bailleur (CSV)' }).getAttribute('href')).toContain(`network=${network}`);
    expect(await fits(page)).toBe(true);
  }, 90_000);

  it('every grouped view is accessible at 360 px, in French and in English', async () => {
    const views = [
      { who: demo('programme_manager'), paths: [`/impact?year=${YEAR}&group=agency`, `/impact?year=${YEAR}&group=type`] },
      { who: LOGIREM.admin, paths: [`/impact?year=${YEAR}&group=programme`, `/impact/network?network=${network}&year=${YEAR}&group=landlord`] },
    ];
    for (const locale of ['fr', 'en'] as const)
      for (const v of views) {
        const page = await newPage(s.browser, { js: true, locale });
        await signInWith(page, s.base, v.who);
        for (const path of v.paths) {
          await page.goto(`${s.base}${path}`);
          await expectAccessible(page);
          expect(await fits(page), path).toBe(true);
        }
      }
  }, 300_000);
});
