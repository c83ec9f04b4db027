import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { createSession, STAFF_SESSION } from '../src/platform/auth/sessions.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { userId } from '../test/security/helpers.js';

let s: Awaited<ReturnType<typeof browserSession>>;
beforeAll(async () => {
  s = await browserSession();
});

/** Logirem's administrator (its data-protection officer) on a 360 px phone; the second factor is tested elsewhere. */
async function officer(js: boolean, locale = 'fr-FR'): Promise<Page> {
  const context = await s.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js, locale });
  const token = await createSession(s.database.db, await userId(s.database.owner, LOGIREM.admin), STAFF_SESSION, { organisationId: null, mfaPassed: true });
  await context.addCookies([{ name: 'palier_session', value: token, url: s.base }]);
  return context.newPage();
}

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('data-protection officer: the audit of a sensitive support case', { timeout: 180_000 }, () => {
  it('an adviser opens a case; the officer finds that reading from the case reference without JavaScript, and the review is itself audited', async () => {
    const adviser = await newPage(s.browser, { js: false });
    await signInWith(adviser, s.base, LOGIREM.adviserA);
    await adviser.goto(`${s.base}/support/cases`);
    await adviser.getByRole('row').filter({ hasText: 'Aide sur quittance' }).first().getByRole('link').first().click();
    await adviser.waitForLoadState('domcontentloaded');
    const caseId = /\/support\/cases\/([0-9a-f-]{36})/.exec(adviser.url())?.[1] as string;
    expect(caseId).toBeTruthy();
    const { reference } = (await s.database.owner.query('select reference from support_cases where id = $1', [caseId])).rows[0];
    const adviserName = (await s.database.owner.query('select display_name from users where lower(email) = lower($1)', [LOGIREM.adviserA])).rows[0].display_name as string;

    const page = await officer(false);
    await page.goto(`${s.base}/admin`);
    await page.getByRole('link', { name: 'Journal des accès aux données' }).click();
    await page.getByLabel('Personne concernée (référence du ménage ou du dossier)').fill(reference);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForLoadState('domcontentloaded');
    const row = page.getByRole('row').filter({ hasText: caseId }).filter({ hasText: 'support.case.read' }).first();
    await expect.poll(() => row.textContent()).toContain(adviserName);
    expect(await page.getByLabel('Personne concernée (référence du ménage ou du dossier)').inputValue()).toBe(reference);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);

    // Filtered by another staff member, the adviser's reading is gone.
    const others = await page.locator('#f-staff option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).textContent ?? ''));
    const someoneElse = others.find((n) => n && n !== adviserName && n !== 'Tout le monde');
    // The officer's own reading is in the log by now, so there is always someone else to choose.
    expect(someoneElse).toBeTruthy();
    await page.getByLabel('Membre de l’équipe').selectOption({ label: someoneElse as string });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.getByRole('row').filter({ hasText: adviserName }).count()).toBe(0);
    expect(await page.getByLabel('Personne concernée (référence du ménage ou du dossier)').inputValue()).toBe(reference);

    const officerId = await userId(s.database.owner, LOGIREM.admin);
    const trail = await s.database.owner.query("select details from audit_events where action = 'privacy.audit.read' and actor_user_id = $1 order by id", [officerId]);
    expect(trail.rows.some((r) => r.details.filter.person === reference)).toBe(true);
  });

  it('has accessible pages in French and English: the review, its results and its date errors', async () => {
    const { reference } = (await s.database.owner.query("select c.reference from support_cases c join organisations o on o.id = c.organisation_id where o.slug = 'logirem' order by c.reference limit 1")).rows[0];
    for (const locale of ['fr-FR', 'en-GB']) {
      const page = await officer(true, locale);
      await page.goto(`${s.base}/admin/privacy/audit`);
      await expectAccessible(page);
      await page.goto(`${s.base}/admin/privacy/audit?person=${encodeURIComponent(reference)}&action=all`);
      await expectAccessible(page);
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      await page.goto(`${s.base}/admin/privacy/audit?from=2026-02-30&to=2026-01-01`);
      await expect.poll(() => page.locator('.summary').count()).toBe(1);
      await expectAccessible(page);
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    }
  });
});
