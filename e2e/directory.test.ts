import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let ids: { residence: string; household: string; member: string };

beforeAll(async () => {
  s = await browserSession();
  const q = (text: string, params: string[] = []) => s.database.owner.query(text, params).then((r) => r.rows[0].id as string);
  ids = {
    residence: await q("select id from residences where reference = 'PN-REMAVERT-ARC'"),
    household: await q("select h.id from households h join organisations o on o.id = h.organisation_id where o.slug = 'plurial-novilia' order by h.reference limit 1"),
    member: await q('select m.id from memberships m join users u on u.id = m.user_id where u.email = $1', [demo('concierge')]),
  };
});

// A loaded two-core machine makes a browser journey take tens of seconds.
const JOURNEY_TIMEOUT = 120_000;

const CSV = [
  'reference;residence;batiment;pieces;etage;loyer',
  'PN-E2E-001;PN-REMAVERT-ARC;B;T3;2;"512,40"',
  'PN-E2E-002;PN-REMAVERT-ARC;B;T4;99;520',
  'PN-E2E-003;INCONNUE;B;T2;1;430',
].join('\n');

describe('the property register in a real browser, on a 360 px screen', () => {
  it('an administrator imports a CSV through the page without JavaScript and reads the report', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('org-admin'));
    await page.goto(`${s.base}/admin`);
    await page.getByRole('link', { name: 'Importer le patrimoine' }).click();
    await page.getByLabel(/^Des logements/).check();
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'logements.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Compte rendu de l’import' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('3 lignes lues : 1 création, aucune mise à jour, 2 lignes rejetées.');
    const rows = page.getByRole('table', { name: 'Lignes rejetées (non importées)' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toContain('etage : étage entre -3 et 60 attendu');
    expect(await rows.nth(2).textContent()).toContain('aucune résidence de référence « INCONNUE »');
    await page.goto(`${s.base}/admin/residences/${ids.residence}/dwellings?q=PN-E2E`);
    await expect.poll(() => page.getByRole('cell', { name: 'PN-E2E-001' }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: /512,40/ }).count()).toBe(1);
  });

  it('an administrator gives a new colleague access to one residence', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('org-admin'));
    await page.goto(`${s.base}/admin/members`);
    await page.getByRole('link', { name: 'Ajouter un membre de l’équipe' }).click();
    await page.getByLabel('Nom').fill('Inès Carpentier');
    await page.getByLabel('Adresse e-mail').fill('ines.carpentier@example.org');
    await page.getByLabel('Rôle').selectOption('facilitator');
    await page.getByLabel('Certaines résidences seulement').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // No residence ticked: the error is summarised at the top and tied to the list.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choisissez au moins une résidence.');
    await page.getByLabel('Réma’Vert — Arc-en-Ciel').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Le membre est ajouté.');
    const row = page.getByRole('row', { name: /Inès Carpentier/ });
    expect(await row.textContent()).toContain('Réma’Vert — Arc-en-Ciel');
  });

  it('front-line staff find a household from the navigation', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('concierge'));
    await page.getByRole('link', { name: 'Ménages' }).first().click();
    await page.getByLabel(/Rechercher un ménage/).fill('Benali');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Foyer Benali' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Foyer Benali');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

// Each axe run takes seconds on a loaded two-core machine: the pages are checked in small groups.
const AXE_TIMEOUT = 240_000;

async function checkPages(email: string, paths: string[], locale?: string): Promise<void> {
  const page = await newPage(s.browser, { js: true, locale });
  await signInWith(page, s.base, email);
  for (const path of paths) {
    await page.goto(`${s.base}${path}`);
    await expectAccessible(page);
  }
}

describe('axe finds nothing on the directory pages', () => {
  it('a residence and its dwellings', { timeout: AXE_TIMEOUT }, async () => {
    await checkPages(demo('org-admin'), [`/admin/residences/${ids.residence}`, `/admin/residences/${ids.residence}/dwellings`]);
  });

  it('the residence forms: edit and new', { timeout: AXE_TIMEOUT }, async () => {
    await checkPages(demo('org-admin'), [`/admin/residences/${ids.residence}/edit`, '/admin/residences/new']);
  });

  it('households: list and detail', { timeout: AXE_TIMEOUT }, async () => {
    await checkPages(demo('org-admin'), ['/admin/households', `/admin/households/${ids.household}`]);
  });

  it('organisations and the team list', { timeout: AXE_TIMEOUT }, async () => {
    await checkPages(demo('org-admin'), ['/admin/organisations', '/admin/members']);
  });

  it('the team forms: new member and change of role', { timeout: AXE_TIMEOUT }, async () => {
    await checkPages(demo('org-admin'), ['/admin/members/new', `/admin/members/${ids.member}`]);
  });

  it('a form with its errors, the import page and an import report', { timeout: AXE_TIMEOUT }, async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('org-admin'));
    await page.goto(`${s.base}/admin/residences/new`);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${s.base}/admin/import`);
    await expectAccessible(page);
    await page.getByLabel(/^Des ménages/).check();
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'menages.csv', mimeType: 'text/csv', buffer: Buffer.from('reference;nom;logement;date_entree\nE2E-H1;Foyer Test;PN-REMAVERT-ARC-006;01/02/2026\nE2E-H2;;;\n') });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Compte rendu de l’import' }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('in English, for a platform administrator', { timeout: AXE_TIMEOUT }, async () => {
    await checkPages(demo('platform-admin'), ['/admin/organisations', '/admin/import'], 'en-GB');
  });
});
