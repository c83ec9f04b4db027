import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueMonth } from '../src/modules/concierge/test-support/run-month.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
const q = async (text: string, values: unknown[] = []) => (await s.database.owner.query(text, values)).rows;
const urls: Record<string, string> = {};

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

/** Each page answers 200, axe finds nothing at 360 px and at desktop width, and nothing overflows the phone's screen. */
async function check(browser: Browser, who: string, paths: string[], locale: string, expectText: Record<string, RegExp> = {}): Promise<void> {
  const page = await newPage(browser, { js: true, locale });
  await signInWith(page, s.base, demo(who));
  for (const path of paths) {
    const res = await page.goto(`${s.base}${path}`);
    expect(res?.status(), path).toBe(200);
    if (expectText[path]) expect(await page.locator('main').textContent(), path).toMatch(expectText[path]);
    await expectAccessible(page);
    await fitsTheScreen(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page);
    await page.setViewportSize({ width: 360, height: 740 });
  }
  await page.context().close();
}

beforeAll(async () => {
  s = await browserSession();
  // The demo resident subscribes, this month is issued and the resident pays at the counter: a receipt of its own.
  const resident = s.client();
  await resident.signIn(demo('resident'));
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: `money-e2e-${Date.now()}` });
  const staff = s.client();
  await staff.signIn(demo('partner_staff'));
  // The current month, through the command: the page refuses a month until it has ended.
  await issueMonth(s.database, demo('partner_staff'), new Date().toISOString().slice(0, 7));
  const [own] = await q(
    "select st.id, st.gross_cents from concierge_statements st join memberships m on m.household_id = st.household_id join users u on u.id = m.user_id where u.email = $1 and st.kind = 'statement' limit 1",
    [demo('resident')],
  );
  const amount = `${Math.trunc(own.gross_cents / 100)},${String(own.gross_cents % 100).padStart(2, '0')}`;
  const paid = await staff.post(`/concierge/desk/statements/${own.id}/payments`, { method: 'cash', amount, paidOn: new Date().toISOString().slice(0, 10), reference: '', idempotencyKey: `money-e2e-pay-${Date.now()}` });
  expect(paid.status).toBe(303);
  const [receipt] = await q('select r.id from concierge_receipts r join concierge_payments p on p.receipt_id = r.id where p.statement_id = $1', [own.id]);
  urls.residentReceipt = `/concierge/receipts/${receipt.id}`;
  urls.deskReceipt = `/concierge/desk/receipts/${receipt.id}`;
  const [payout] = await q("select s.id from concierge_payout_statements s join concierge_providers p on p.id = s.provider_id where p.name = 'Pressing Solidaire Rémois' order by s.number limit 1");
  urls.payout = payout.id;
  const [landlord] = await q("select st.id from concierge_statements st join organisations o on o.id = st.landlord_id where st.party = 'landlord' and o.slug = 'plurial-novilia' and st.kind = 'statement' limit 1");
  urls.landlordStatement = `/concierge/landlord/statements/${landlord.id}`;
  // A parcel unclaimed for three weeks: due to go back to its sender.
  await q(
    `insert into concierge_parcels (organisation_id, landlord_id, subscription_id, household_id, kind, carrier, size, shelf, pickup_code, received_by, received_at)
     select organisation_id, landlord_id, id, household_id, 'parcel', 'Colissimo', 'small', 'R-E2E', '111111', created_by, now() - interval '21 days'
       from concierge_subscriptions where status = 'active' order by dwelling_reference limit 1`,
  );
}, 90_000);

describe('axe finds nothing on the receipts, payout statements and landlord statements pages, at 360 px and on a desktop', () => {
  for (const locale of ['fr-FR', 'en-GB']) {
    it(`the resident’s receipt (${locale})`, async () => {
      await check(s.browser, 'resident', [urls.residentReceipt], locale, { [urls.residentReceipt]: /Reçu n° \d+|Receipt no\. ?\d+/ } /* the account's language wins over the browser's */);
    }, 120_000);

    it(`the concierge: a receipt, the payout statements and one of them (${locale})`, async () => {
      await check(s.browser, 'partner-staff', [urls.deskReceipt, '/concierge/desk/payouts', `/concierge/desk/payouts/${urls.payout}`, '/concierge/desk/parcels/returns'], locale);
    }, 180_000);

    it(`a provider’s own payout statements and one of them (${locale})`, async () => {
      const page = await newPage(s.browser, { js: true, locale });
      await signInWith(page, s.base, 'prestataire@demo.palier.fr');
      for (const path of ['/concierge/provider/payouts', `/concierge/provider/payouts/${urls.payout}`]) {
        expect((await page.goto(`${s.base}${path}`))?.status(), path).toBe(200);
        await expectAccessible(page);
        await fitsTheScreen(page);
        await page.setViewportSize({ width: 1280, height: 900 });
        await expectAccessible(page);
        await page.setViewportSize({ width: 360, height: 740 });
      }
      await page.context().close();
    }, 120_000);

    it(`the landlord’s statements and one of them (${locale})`, async () => {
      await check(s.browser, 'concierge', ['/concierge/landlord/statements', urls.landlordStatement], locale, { [urls.landlordStatement]: /part bailleur/ });
    }, 120_000);
  }
});

describe('a partial credit note in the browser', () => {
  it('the concierge cancels one unit of a line: an empty form is refused beside the fieldset, then the credit note is issued; axe on the form with its error and on the credit note', async () => {
    const [line] = await q(
      `select st.id, l.position, l.label from concierge_statements st join concierge_statement_lines l on l.statement_id = st.id
        where st.kind = 'statement' and st.party = 'household' and l.quantity >= 2
          and not exists (select 1 from concierge_statements c where c.corrects_id = st.id) order by st.number limit 1`,
    );
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk/statements/${line.id}`);
    await page.getByRole('button', { name: 'Émettre l’avoir pour ces quantités' }).click();
    await expect.poll(() => page.locator('#f-lines-error').textContent()).toBe('Indiquez au moins une quantité à annuler.');
    await page.getByLabel(`${line.label} — quantité à annuler`).first().fill('1');
    await page.getByLabel('Motif de l’avoir').fill('Une pièce manquante');
    await page.getByRole('button', { name: 'Émettre l’avoir pour ces quantités' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Avoir n° \d+/);
    expect(await page.locator('#credit-reason').textContent()).toBe('Motif : Une pièce manquante');
    await fitsTheScreen(page);
    await page.context().close();
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, demo('partner-staff'));
    await axe.goto(`${s.base}/concierge/desk/statements/${line.id}`);
    await axe.getByRole('button', { name: 'Émettre l’avoir pour ces quantités' }).click();
    await expect.poll(() => axe.locator('#f-lines-error').count()).toBe(1);
    await expectAccessible(axe);
    await fitsTheScreen(axe);
    const [credit] = await q('select id from concierge_statements where corrects_id = $1', [line.id]);
    await axe.goto(`${s.base}/concierge/desk/statements/${credit.id}`);
    await expectAccessible(axe);
    await axe.context().close();
  }, 120_000);
});

describe('a parcel sent back to its sender, without JavaScript at 360 px', () => {
  it('the concierge opens the parcels to send back from the desk and records the return', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('partner-staff'));
    await page.goto(`${s.base}/concierge/desk`);
    await page.getByRole('link', { name: 'Colis à renvoyer à l’expéditeur' }).click();
    await page.getByRole('button', { name: /Renvoyé à l’expéditeur : .*emplacement R-E2E/ }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Renvoi enregistré.');
    expect(await page.getByRole('button', { name: /emplacement R-E2E/ }).count()).toBe(0);
    expect((await q("select status from concierge_parcels where shelf = 'R-E2E'"))[0].status).toBe('returned');
    await fitsTheScreen(page);
    await page.context().close();
  }, 120_000);
});

describe('the money pages without JavaScript at 360 px', () => {
  it('the resident opens its receipt from its account and downloads its PDF; the provider follows its payout statement from the list', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('resident'));
    await page.goto(`${s.base}${urls.residentReceipt}`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /PDF/ }).first().click();
    expect((await download).suggestedFilename()).toMatch(/^recu-\d+\.pdf$/);
    await page.context().close();
    const provider = await newPage(s.browser, { js: false });
    await signInWith(provider, s.base, 'prestataire@demo.palier.fr');
    await provider.goto(`${s.base}/concierge/provider/payouts`);
    await provider.getByRole('link', { name: /n° \d+/ }).first().click();
    await expect.poll(() => provider.locator('h1').textContent()).toMatch(/n° \d+/);
    await fitsTheScreen(provider);
    await provider.context().close();
  }, 120_000);
});
