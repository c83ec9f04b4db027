import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueMonth } from '../src/modules/concierge/test-support/run-month.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
const q = async (text: string, values: unknown[] = []) => (await s.database.owner.query(text, values)).rows;
const status = (page: Page) => page.getByRole('status').first().textContent();
const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const plain = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  s = await browserSession();
  // The resident subscribes and this month's statements are issued: the resident has one to pay.
  const resident = s.client();
  await resident.signIn(demo('resident'));
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: `pay-e2e-${Date.now()}` });
  const staff = s.client();
  await staff.signIn(demo('partner_staff'));
  // The current month, through the command: the page refuses a month until it has ended.
  await issueMonth(s.database, demo('partner_staff'), new Date().toISOString().slice(0, 7));
}, 60_000);

describe('payments at the counter, in a real browser on a 360 px screen, without JavaScript', () => {
  it('the concierge records cash at the counter and the household’s balance goes to zero', async () => {
    const [due] = await q(
      `select sum(st.gross_cents)::int as cents from concierge_statements st join concierge_subscriptions s on s.household_id = st.household_id
       where s.household_name = 'Foyer Martin' and st.kind = 'statement'`,
    );
    expect(due.cents).toBeGreaterThan(0);
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/counter`);
    await page.getByLabel('Trouver un abonné').fill('ARC-001');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('link', { name: /Foyer Martin/ }).click();
    await expect.poll(async () => plain(await page.locator('#to-pay').textContent())).toBe(`À payer : ${euros(due.cents)} €`);
    await page.getByRole('link', { name: /enregistrer un paiement/ }).first().click();

    // Too much is refused beside the field, the values kept.
    await page.getByLabel('Montant (€)').fill(euros(due.cents + 100));
    await page.getByLabel('Référence').fill('Permanence du mardi');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await expect.poll(() => page.locator('#f-amount-error').textContent()).toContain('Le montant dépasse ce qui reste dû');
    expect(await page.getByLabel('Référence').inputValue()).toBe('Permanence du mardi');

    await page.getByLabel('Moyen de paiement').selectOption('cash');
    await page.getByLabel('Montant (€)').fill(euros(due.cents));
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await expect.poll(() => status(page)).toContain('Paiement enregistré.');
    await expect.poll(async () => plain(await page.locator('#outstanding').textContent())).toBe('Reste dû : 0,00 €');
    await fitsTheScreen(page);

    await page.goto(`${s.base}/concierge/desk/counter`);
    await page.getByLabel('Trouver un abonné').fill('ARC-001');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('link', { name: /Foyer Martin/ }).click();
    await expect.poll(async () => plain(await page.locator('#to-pay').textContent())).toBe('À payer : 0,00 €');

    const resident = await newPage(s.browser, { js: false });
    await signInWith(resident, s.base, demo('resident'));
    await resident.goto(`${s.base}/concierge`);
    await expect.poll(async () => plain(await resident.locator('dl.balance').textContent())).toContain('Reste à payer0,00 €');
    await fitsTheScreen(resident);
  }, 180_000);
});

describe('axe finds nothing on the payment pages', () => {
  it('statement with payments, balances, counter card, resident account', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, demo('partner-staff'));
    const [st] = await q("select id from concierge_statements where kind = 'statement' and exists (select 1 from concierge_payments p where p.statement_id = concierge_statements.id) limit 1");
    const [sub] = await q("select id from concierge_subscriptions where household_name = 'Foyer Martin' limit 1");
    for (const path of [`/concierge/desk/statements/${st.id}`, '/concierge/desk/balances', `/concierge/desk/counter/${sub.id}`]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
    // The payout form with an error shown.
    await page.goto(`${s.base}/concierge/desk/balances`);
    await page.getByLabel('Montant (€)').fill('0');
    await page.locator('main form button[type=submit]').last().click();
    await expect.poll(() => page.locator('#f-amount-error').count()).toBe(1);
    await expectAccessible(page);
    await fitsTheScreen(page);
    const resident = await newPage(s.browser, { js: true });
    await signInWith(resident, s.base, demo('resident'));
    await resident.goto(`${s.base}/concierge`);
    await expectAccessible(resident);
  }, 180_000);
});
