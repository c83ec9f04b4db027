import { beforeAll, describe, expect, it } from 'vitest';
import { advanceStage } from '../src/modules/support/commands/case-actions.js';
import { openCase } from '../src/modules/support/commands/open-case.js';
import { parisToday } from '../src/modules/support/domain/local-date.js';
import { actorFor, LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
/** This file's own households in Air Bel, each in its own dwelling since 2025-01-01, each with a sliding lease sublet by Elia. */
const households: Record<'slide' | 'end' | 'axe', { id: string; caseId: string }> = { slide: { id: '', caseId: '' }, end: { id: '', caseId: '' }, axe: { id: '', caseId: '' } };

const owner = (q: string, p: unknown[] = []) => s.database.owner.query(q, p);
const frenchDay = (day: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(`${day}T12:00:00Z`));

beforeAll(async () => {
  s = await browserSession();
  const adviser = await actorFor(s.database.db, LOGIREM.adviserA);
  const org = adviser.orgId as string;
  const programmeId = (await owner("select id from support_programmes where organisation_id = $1 and kind = 'sliding_lease'", [org])).rows[0].id;
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [org])).rows[0].id;
  for (const [i, key] of (['slide', 'end', 'axe'] as const).entries()) {
    const dwelling = (await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 52000) returning id', [org, residence, `LM-E2E-LEASE-${i}`])).rows[0].id;
    const id = (await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [org, `LM-E2E-LEASE-H${i}`, `Famille Parcours ${key}`])).rows[0].id;
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [org, id, dwelling]);
    const opened = await openCase(s.database.db, adviser, { programmeId, householdId: id, situation: `Parcours navigateur ${key}`, confidentialAddress: false });
    if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
    households[key] = { id, caseId: opened.caseId };
  }
  for (const key of ['slide', 'axe'] as const) for (const ev of ['review_3m', 'review_6m', 'decide']) expect((await advanceStage(s.database.db, adviser, households[key].caseId, ev)).ok).toBe(true);
}, 180_000);

describe('a sliding lease’s section in a real browser, on a 360 px screen, without JavaScript', { timeout: 180_000 }, () => {
  it('the adviser records the slide on a day she gives (a day before the sublease is refused at the field); the register shows the household as leaseholder from that day', async () => {
    // The first of this month: after the sublease began (2025-01-01), never after today.
    const slideOn = `${parisToday().slice(0, 7)}-01`;
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${households.slide.caseId}`);
    const field = page.getByLabel('Date du glissement');
    expect(await field.inputValue()).toBe(parisToday());
    await field.fill('2024-06-01');
    await page.getByRole('button', { name: 'Faire glisser le bail à la famille' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le bail ne peut glisser qu’après le premier jour de la sous-location');
    expect(await page.getByLabel('Date du glissement').inputValue()).toBe('2024-06-01');
    await page.getByLabel('Date du glissement').fill(slideOn);
    await page.getByRole('button', { name: 'Faire glisser le bail à la famille' }).click();
    await expect.poll(() => page.locator('#stage-title + p strong').textContent()).toBe('Bail glissé à la famille');
    expect(await page.locator('section[aria-labelledby="lease-title"]').textContent()).toContain(`Le bail a glissé au ménage le ${frenchDay(slideOn)}`);

    await page.goto(`${s.base}/admin/households/${households.slide.id}`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(`LM-E2E-LEASE-0, Air Bel (depuis le ${frenchDay(slideOn)})`);
    expect(main).toContain('au nom du ménage');
    expect(main).toContain('tenu par Elia');
  });

  it('the adviser ends a lease otherwise: its last day is asked (field error), then the register closes the occupancy that day', async () => {
    const today = parisToday();
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${households.end.caseId}`);
    await page.getByLabel('Motif de la fin sans glissement').selectOption({ label: 'La famille a quitté le logement' });
    await page.getByRole('button', { name: 'Terminer sans glissement' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez la date de fin du bail.');
    await page.getByLabel('Dernier jour du bail').fill(today);
    await page.getByRole('button', { name: 'Terminer sans glissement' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="lease-title"]').textContent()).toContain(`Bail terminé sans glissement le ${frenchDay(today)}. Motif : La famille a quitté le logement`);
    expect((await owner('select ends_on::text from occupancies where household_id = $1', [households.end.id])).rows).toEqual([{ ends_on: today }]);
  });

  it('axe finds nothing on the lease section, its two forms and their field errors', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${households.axe.caseId}`);
    await page.getByLabel('Date du glissement').fill('2099-01-01');
    await page.getByRole('button', { name: 'Faire glisser le bail à la famille' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le glissement peut être daté au plus 31 jours après aujourd’hui.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Terminer sans glissement' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez la date de fin du bail.');
    await expectAccessible(page);
  });
});
