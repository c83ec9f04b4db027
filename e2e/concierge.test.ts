import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });
const status = (page: Page) => page.getByRole('status').first().textContent();

// Journeys run in order on one database: the resident's ironing is the request the concierge then follows.
describe('the solidarity concierge in a real browser, on a 360 px screen, without JavaScript', () => {
  it('a resident subscribes and orders ironing in a few taps', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('resident'));
    await nav(page).getByRole('link', { name: 'Conciergerie', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Conciergerie solidaire');
    await page.getByLabel(/Abonnement solidaire/).check();
    await page.getByRole('button', { name: 'M’abonner' }).click();
    await expect.poll(() => status(page)).toContain('Abonnement enregistré');
    await page.getByRole('link', { name: 'Demander un service' }).click();
    await page.getByRole('link', { name: 'Demander : Repassage' }).click();
    await page.getByLabel('Quantité').fill('-2');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez une quantité entière entre 1 et 99.');
    await page.getByLabel('Quantité').fill('2');
    await page.getByLabel('Précisions (facultatif)').fill('Chemises, merci');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => status(page)).toContain('Demande envoyée');
    await expect.poll(() => page.getByText('Envoyée', { exact: true }).count()).toBeGreaterThan(0);
    await fitsTheScreen(page);
  }, 180_000);

  it('the concierge dispatches it, the provider (its own account) accepts and completes it, the concierge hands it over', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await nav(page).getByRole('link', { name: 'Conciergerie (accueil)' }).click();
    await page.getByRole('row', { name: /Foyer Martin/ }).getByRole('link', { name: 'Repassage' }).click();
    const requestUrl = page.url();
    await page.getByLabel('Prestataire').selectOption({ label: 'Pressing Solidaire Rémois — Économie sociale et solidaire, Local, Employeur d’insertion' });
    await page.getByRole('button', { name: 'Confier au prestataire' }).click();
    await expect.poll(() => status(page)).toContain('confiée au prestataire');

    const provider = await newPage(s.browser, { js: false });
    await signInWith(provider, s.base, 'prestataire@demo.palier.fr');
    await nav(provider).getByRole('link', { name: 'Conciergerie (accueil)' }).click();
    await expect.poll(() => provider.locator('h1').textContent()).toBe('Mes interventions');
    await provider.getByRole('link', { name: 'Repassage' }).first().click();
    await provider.getByRole('button', { name: 'Accepter' }).click();
    await expect.poll(() => status(provider)).toContain('Vous avez accepté la demande');
    await provider.getByRole('button', { name: 'Terminé' }).click();
    await expect.poll(() => status(provider)).toContain('Demande terminée');
    await fitsTheScreen(provider);

    await page.goto(requestUrl);
    await expect.poll(() => page.getByText('Le prestataire', { exact: true }).count()).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Remettre au foyer' }).click();
    await expect.poll(() => status(page)).toContain('Remise enregistrée');
    await fitsTheScreen(page);
  }, 180_000);

  it('a parcel is checked in at the counter, the resident sees the code, and it is handed over with it', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/counter`);
    await page.getByLabel('Trouver un abonné').fill('ARC-001');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('link', { name: /Foyer Martin/ }).click();
    await page.getByLabel('Type').selectOption('parcel');
    await page.getByLabel('Emplacement (étagère)').fill('B4');
    await page.getByRole('button', { name: 'Enregistrer et prévenir le foyer' }).click();
    const notice = (await status(page)) ?? '';
    const code = /(\d{6})/.exec(notice)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);

    const resident = await newPage(s.browser, { js: false });
    await signInWith(resident, s.base, demo('resident'));
    await resident.goto(`${s.base}/concierge`);
    await expect.poll(() => resident.locator('.code').first().textContent()).toBe(code);

    await page.getByLabel('Code de retrait').fill(code === '000000' ? '999999' : '000000');
    await page.getByRole('button', { name: 'Remettre avec le code' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ce n’est pas le bon code.');
    await page.getByLabel('Code de retrait').fill(code);
    await page.getByRole('button', { name: 'Remettre avec le code' }).click();
    await expect.poll(() => status(page)).toContain('Remise enregistrée');
    await fitsTheScreen(page);
  }, 180_000);

  it('the monthly run issues the statements once; a credit note corrects one', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/statements`);
    // The page issues only a month that has ended: two months back, which the demo did not issue; its
    // subscribers are made to start a month earlier so that month has some.
    const d = new Date();
    d.setUTCDate(15);
    d.setUTCMonth(d.getUTCMonth() - 2);
    const month = d.toISOString().slice(0, 7);
    await s.database.owner.query("update concierge_subscriptions set starts_on = (starts_on - interval '1 month')::date");
    await page.getByLabel('Mois').fill(month);
    await page.getByRole('button', { name: 'Émettre les relevés du mois' }).click();
    await expect.poll(() => status(page)).toMatch(/\d+ relevés émis/);
    await page.getByLabel('Mois').fill(month);
    await page.getByRole('button', { name: 'Émettre les relevés du mois' }).click();
    await expect.poll(() => status(page)).toContain('Aucun nouveau relevé');
    await page.getByRole('link', { name: /^Relevé n° \d+/ }).first().click();
    await page.getByLabel('Motif de l’avoir').fill('Erreur de saisie');
    await page.getByRole('button', { name: 'Annuler tout ce qui reste' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Avoir n° \d+/);
    expect(await page.locator('#credit-reason').textContent()).toBe('Motif : Erreur de saisie');
  }, 180_000);
});

describe('axe finds nothing on the concierge pages', () => {
  const urls: Record<string, string> = {};
  beforeAll(async () => {
    // Independent of the journeys above: make sure the resident is a subscriber with a request.
    const client = s.client();
    await client.signIn(demo('resident'));
    const q = async (text: string) => (await s.database.owner.query(text)).rows;
    const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
    await client.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: `axe-${Date.now()}` });
    const [service] = await q("select id from concierge_catalogue where code = 'menage'");
    urls.service = `/concierge/services/${service.id}`;
    const placed = await client.post(urls.service, { quantity: '1', wantedOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), notes: '', idempotencyKey: `axe-order-${Date.now()}` });
    urls.request = (placed.headers.get('location') ?? '').replace(/\?.*$/, '');
    const [statement] = await q("select s.id from concierge_statements s join concierge_subscriptions sub on sub.household_id = s.household_id where sub.household_name <> 'Foyer Martin' limit 1");
    urls.staffStatement = `/concierge/desk/statements/${statement.id}`;
    const [sub] = await q("select s.id from concierge_subscriptions s where exists (select 1 from concierge_parcels p where p.subscription_id = s.id and p.status = 'received') limit 1");
    urls.card = `/concierge/desk/counter/${sub.id}`;
    const [queued] = await q("select id from concierge_requests where status = 'submitted' limit 1");
    urls.staffRequest = `/concierge/desk/requests/${queued.id}`;
    const [service2] = await q("select id from concierge_catalogue where code = 'repassage'");
    urls.editService = `/concierge/desk/catalogue/${service2.id}`;
    const [provider] = await q("select id from concierge_providers where name = 'Épicerie du Quartier Réma’Vert'");
    urls.editProvider = `/concierge/desk/providers/${provider.id}`;
    // A request waiting for the pressing's answer.
    await s.database.owner.query(
      "update concierge_requests set status = 'dispatched', provider_id = (select id from concierge_providers where name = 'Pressing Solidaire Rémois'), unit_cost_cents = 1150, vat_rate_bp = 2000, net_cents = 1150 where id = (select id from concierge_requests where status = 'submitted' order by created_at desc limit 1) returning id",
    );
    const [dispatched] = await q("select r.id from concierge_requests r join concierge_providers p on p.id = r.provider_id where p.name = 'Pressing Solidaire Rémois' and r.status = 'dispatched' limit 1");
    urls.providerRequest = `/concierge/provider/requests/${dispatched.id}`;
  }, 60_000);

  for (const locale of ['fr-FR', 'en-GB']) {
    it(`as a resident (${locale}): home, services, order form with errors, request, cancel refused without a reason`, async () => {
      const page = await newPage(s.browser, { js: true, locale });
      await signInWith(page, s.base, demo('resident'));
      if (locale === 'en-GB') await page.getByRole('button', { name: 'English' }).click();
      for (const path of ['/concierge', '/concierge/services', urls.service]) {
        await page.goto(`${s.base}${path}`);
        await expectAccessible(page);
      }
      await page.getByRole('spinbutton').fill('0');
      await page.locator('main form button[type=submit]').click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(1);
      await expectAccessible(page);
      await page.goto(`${s.base}${urls.request}`);
      await expectAccessible(page);
      await page.getByRole('button', { name: /Annuler la demande|Cancel the request/ }).click();
      await expect.poll(() => page.locator('.error').count()).toBe(1);
      await expectAccessible(page);
      await fitsTheScreen(page);
    }, 180_000);
  }

  it('as the concierge: desk, request, counter search', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('partner-staff'));
    for (const path of ['/concierge/desk', urls.staffRequest, '/concierge/desk/counter?q=Foyer']) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
    await fitsTheScreen(page);
  }, 180_000);

  it('as the concierge: subscriber card with a refused code, statements, a statement', async () => {
    const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}${urls.card}`);
    await expectAccessible(page);
    await page.getByRole('button', { name: /Remettre avec le code|Hand over with the code/ }).first().click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
    await fitsTheScreen(page);
    for (const path of ['/concierge/desk/statements', urls.staffStatement]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
      await fitsTheScreen(page);
    }
  }, 180_000);

  for (const locale of ['fr-FR', 'en-GB']) {
    it(`as the concierge (${locale}): catalogue, service forms with errors, providers, a provider with its documents`, async () => {
      const page = await newPage(s.browser, { js: true, locale });
      await signInWith(page, s.base, demo('partner-staff'));
      if (locale === 'en-GB') await page.getByRole('button', { name: 'English' }).click();
      for (const path of ['/concierge/desk/catalogue', urls.editService, '/concierge/desk/providers', urls.editProvider]) {
        await page.goto(`${s.base}${path}`);
        await expectAccessible(page);
        await fitsTheScreen(page);
      }
      await page.getByLabel(/Date de fin de validité|Valid until/).fill('31/12');
      await page.getByRole('button', { name: /Enregistrer le document|Save the document/ }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(1);
      await expectAccessible(page);
      await page.goto(`${s.base}/concierge/desk/catalogue/new`);
      await page.getByRole('button', { name: /^(Enregistrer|Save)$/ }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(1);
      await expectAccessible(page);
      await fitsTheScreen(page);
    }, 180_000);
  }

  it('as a provider: its queue, a request, declining without a reason refused', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, 'prestataire@demo.palier.fr');
    for (const path of ['/concierge/provider', urls.providerRequest]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
      await fitsTheScreen(page);
    }
    await page.getByRole('button', { name: 'Refuser' }).click();
    await expect.poll(() => page.locator('.error').count()).toBe(1);
    await expectAccessible(page);
  }, 180_000);
});
