import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../src/modules/support/test-helpers.js';
import { withTenant } from '../src/platform/db/tenant.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

/**
 * The adviser's board with a case whose household moved out of its programme's residences: the section saying so
 * and what to do, the row marked in words, the case reached by its link — without JavaScript at 360 px, axe-clean,
 * in French and in English.
 */
let s: Awaited<ReturnType<typeof browserSession>>;
let caseId: string;
const HOUSEHOLD = 'Foyer Périmètre E2E';

const owner = async (q: string, p: unknown[] = []) => (await s.database.owner.query(q, p)).rows;
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  s = await browserSession();
  const adviser = await actorFor(s.database.db, LOGIREM.adviserA);
  const orgId = adviser.orgId as string;
  const residence = async (ref: string) =>
    (await owner(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $2, '1 rue du Test', '13015', 'Marseille') returning id::text`, [orgId, ref]))[0].id as string;
  const dwelling = async (residenceId: string, ref: string) =>
    (await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 45000) returning id::text`, [orgId, residenceId, ref]))[0].id as string;
  const covered = await residence('E2E-PERIMETRE');
  const other = await residence('E2E-AILLEURS');
  const household = (await owner(`insert into households (organisation_id, reference, name) values ($1, 'E2E-PERIMETRE-1', $2) returning id::text`, [orgId, HOUSEHOLD]))[0].id as string;
  await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date - 90)`, [orgId, household, await dwelling(covered, 'E2E-P-1')]);
  const programmeId = await withTenant(s.database.db, { orgId }, async (tx) =>
    (
      await tx
        .insertInto('support_programmes')
        .values({ organisation_id: orgId, kind: 'generic', name: 'Périmètre E2E', sensitivity: 'normal', residence_kinds: [], residence_ids: sql`${[covered]}::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: adviser.userId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as string,
  );
  const r = await openCase(s.database.db, adviser, { programmeId, householdId: household, situation: '', confidentialAddress: false });
  if (!r.ok) throw new Error(JSON.stringify(r));
  caseId = r.caseId;
  // The register: the household moves to the other residence.
  await owner(`update occupancies set ends_on = current_date - 1 where household_id = $1 and ends_on is null`, [household]);
  await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)`, [orgId, household, await dwelling(other, 'E2E-A-1')]);
}, 180_000);

describe('support: cases outside their programme’s scope on the adviser’s board (no JavaScript, 360 px, axe, FR/EN)', () => {
  it('the section says which case, why and what to do; the row is marked in words; the link leads to the case and its warning', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases`);
    const section = page.getByRole('region', { name: 'Hors du périmètre du programme' });
    await expect.poll(() => section.count()).toBe(1);
    expect(await section.textContent()).toContain('le foyer habite une autre résidence');
    expect(await section.textContent()).toContain('À faire : clore l’accompagnement, ou le transférer');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: HOUSEHOLD }) });
    expect(await row.textContent()).toContain('hors du périmètre du programme');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await section.getByRole('link', { name: HOUSEHOLD }).click();
    await expect.poll(() => page.url()).toContain(`/support/cases/${caseId}`);
    expect(await page.locator('main').textContent()).toContain('Ce foyer n’habite plus une résidence concernée par ce programme');

    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, LOGIREM.adviserA);
    await axe.goto(`${s.base}/support/cases`);
    await expect.poll(() => axe.getByRole('region', { name: 'Hors du périmètre du programme' }).count()).toBe(1);
    await expectAccessible(axe);
    await axe.close();
    await page.close();
  }, 180_000);

  it('in English, axe-clean', async () => {
    await owner(`update users set locale = 'en' where email = $1`, [LOGIREM.adviserA]);
    try {
      const page = await newPage(s.browser, { js: true, locale: 'en-GB' });
      await signInWith(page, s.base, LOGIREM.adviserA);
      await page.goto(`${s.base}/support/cases`);
      const section = page.getByRole('region', { name: 'Outside the programme’s scope' });
      await expect.poll(() => section.count()).toBe(1);
      expect(await section.textContent()).toContain('To do: close the case, or transfer it');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page);
      await page.close();
    } finally {
      await owner(`update users set locale = 'fr' where email = $1`, [LOGIREM.adviserA]);
    }
  }, 180_000);
});
