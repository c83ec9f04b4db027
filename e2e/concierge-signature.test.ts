import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
const q = async (text: string, values: unknown[] = []) => (await s.database.owner.query(text, values)).rows;
const ids: Record<string, string> = {};

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

/** A parcel waiting for the demo resident on shelf `shelf`. */
async function parcel(shelf: string): Promise<string> {
  const [p] = await q(
    `insert into concierge_parcels (organisation_id, landlord_id, subscription_id, household_id, kind, carrier, size, shelf, pickup_code, received_by)
     select organisation_id, landlord_id, id, household_id, 'parcel', 'Colissimo', 'small', $2, '222222', created_by from concierge_subscriptions where id = $1 returning id`,
    [ids.sub, shelf],
  );
  return p.id;
}

beforeAll(async () => {
  s = await browserSession();
  const resident = s.client();
  await resident.signIn(demo('resident'));
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: `sign-e2e-${Date.now()}` });
  const [sub] = await q("select id from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001' and status = 'active'");
  ids.sub = sub.id;
}, 90_000);

describe('a parcel handed over against a signature at the counter', () => {
  it('with a finger or a mouse at 360 px: the pad appears, the signature is drawn and recorded, shown on the parcel’s trail; axe-clean', async () => {
    const id = await parcel('SIG-E2E');
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/counter/${ids.sub}`);
    await page.getByRole('link', { name: 'Faire signer la remise' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Remise contre signature');
    const pad = page.getByRole('img', { name: 'Signature du destinataire' });
    expect(await pad.isVisible()).toBe(true);
    await expectAccessible(page);
    await fitsTheScreen(page);
    const box = await pad.boundingBox();
    if (!box) throw new Error('no pad');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 15, { steps: 8 });
    await page.mouse.move(box.x + box.width - 20, box.y + box.height - 15, { steps: 8 });
    await page.mouse.up();
    await page.getByLabel('Remis à (nom vérifié sur la pièce d’identité)').fill('Awa Martin');
    await page.getByRole('button', { name: 'Remettre le colis' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Remise enregistrée.');
    const [row] = await q('select p.handover_method, p.handed_to, g.size_bytes from concierge_parcels p join concierge_parcel_signatures g on g.parcel_id = p.id where p.id = $1', [id]);
    expect(row.handover_method).toBe('signature');
    expect(row.handed_to).toBe('Awa Martin');
    expect(row.size_bytes).toBeGreaterThan(100);
    await page.getByRole('link', { name: /^Colis — / }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Suivi du colis');
    expect(await page.locator('main').textContent()).toContain('à Awa Martin, contre signature');
    expect(await page.getByRole('link', { name: 'Télécharger la signature' }).count()).toBe(1);
    await expectAccessible(page);
    await fitsTheScreen(page);
    await page.context().close();
  }, 120_000);

  it('without JavaScript: no pad, the typed name is recorded as an identity check', async () => {
    const id = await parcel('SIG-E2E-NOJS');
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/parcels/${id}/sign`);
    expect(await page.getByRole('img', { name: 'Signature du destinataire' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Remettre le colis' }).click();
    await expect.poll(() => page.locator('#f-handedTo-error').textContent()).toContain('Indiquez le nom de la personne.');
    await page.getByLabel('Remis à (nom vérifié sur la pièce d’identité)').fill('Awa Martin');
    await page.getByRole('button', { name: 'Remettre le colis' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Remise enregistrée.');
    expect((await q('select handover_method from concierge_parcels where id = $1', [id]))[0].handover_method).toBe('identity');
    await fitsTheScreen(page);
    await page.context().close();
  }, 120_000);

  it('axe finds nothing on the desk’s settings (with a field error) and on a service’s “who can order it”', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/settings`);
    await page.getByLabel('Renvoi à l’expéditeur après (jours)').fill('200');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('#f-parcelReturnDays-error').count()).toBe(1);
    await expectAccessible(page);
    await fitsTheScreen(page);
    const [service] = await q("select id from concierge_catalogue where code = 'repassage'");
    await page.goto(`${s.base}/concierge/desk/catalogue/${service.id}`);
    await page.getByLabel('Qui peut le demander').selectOption('plans');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('#f-planIds-error').count()).toBe(1);
    await expectAccessible(page);
    await fitsTheScreen(page);
    await page.context().close();
  }, 120_000);
});
