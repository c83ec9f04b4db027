import { beforeAll, describe, expect, it } from 'vitest';
import { advanceStage } from '../src/modules/support/commands/case-actions.js';
import { openCase } from '../src/modules/support/commands/open-case.js';
import { addDays, parisToday } from '../src/modules/support/domain/local-date.js';
import { actorFor, LOGIREM } from '../src/modules/support/test-helpers.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
/** This file's own households in Air Bel, each in its own dwelling since 2025-01-01, each with a sliding lease sublet by Elia. */
const households: Record<'slid' | 'plan', { id: string; caseId: string }> = { slid: { id: '', caseId: '' }, plan: { id: '', caseId: '' } };
/** The slide's day as first recorded (the first of this month: after the sublease began, never after today), and the corrected one. */
const slideOn = () => `${parisToday().slice(0, 7)}-01`;
const correctedOn = () => `${parisToday().slice(0, 7)}-02`;

const owner = (q: string, p: unknown[] = []) => s.database.owner.query(q, p);
const frenchDay = (day: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(`${day}T12:00:00Z`));

beforeAll(async () => {
  s = await browserSession();
  const adviser = await actorFor(s.database.db, LOGIREM.adviserA);
  const org = adviser.orgId as string;
  const programmeId = (await owner("select id from support_programmes where organisation_id = $1 and kind = 'sliding_lease'", [org])).rows[0].id;
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [org])).rows[0].id;
  for (const [i, key] of (['slid', 'plan'] as const).entries()) {
    const dwelling = (await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 2, 52000) returning id', [org, residence, `LM-E2E-CORR-${i}`])).rows[0].id;
    const id = (await owner('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [org, `LM-E2E-CORR-H${i}`, `Famille Correction ${key}`])).rows[0].id;
    await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [org, id, dwelling]);
    const opened = await openCase(s.database.db, adviser, { programmeId, householdId: id, situation: `Parcours navigateur ${key}`, confidentialAddress: false });
    if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
    households[key] = { id, caseId: opened.caseId };
  }
  for (const ev of ['review_3m', 'review_6m', 'decide']) expect((await advanceStage(s.database.db, adviser, households.slid.caseId, ev)).ok).toBe(true);
  expect((await advanceStage(s.database.db, adviser, households.slid.caseId, 'slide', new Date(), { slideOn: slideOn() })).ok).toBe(true);
}, 180_000);

describe('a sliding lease’s days corrected and its end planned, in a real browser, on a 360 px screen, without JavaScript', { timeout: 180_000 }, () => {
  it('the adviser corrects the slide’s day: the reason is asked (field error, day kept), then the register and the case move', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${households.slid.caseId}`);
    const field = page.getByLabel('Date du glissement corrigée');
    expect(await field.inputValue()).toBe(slideOn());
    await field.fill(correctedOn());
    await page.getByRole('button', { name: 'Corriger la date' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez le motif de la correction.');
    expect(await page.getByLabel('Date du glissement corrigée').inputValue()).toBe(correctedOn());
    await page.getByLabel('Motif de la correction').fill('Bail signé le 2');
    await page.getByRole('button', { name: 'Corriger la date' }).click();
    const section = page.locator('section[aria-labelledby="lease-title"]');
    await expect.poll(() => section.textContent()).toContain(`Le bail a glissé au ménage le ${frenchDay(correctedOn())}`);
    expect(await section.textContent()).toContain(`a corrigé la date du glissement : ${frenchDay(slideOn())} → ${frenchDay(correctedOn())}. Motif : Bail signé le 2`);
    expect((await owner('select starts_on::text, ends_on::text from occupancies where household_id = $1 order by starts_on', [households.slid.id])).rows).toEqual([
      { starts_on: '2025-01-01', ends_on: slideOn() },
      { starts_on: correctedOn(), ends_on: null },
    ]);
  });

  it('the adviser plans an end to come: the page says so, the register is untouched; she cancels it', async () => {
    const endOn = addDays(parisToday(), 20);
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${households.plan.caseId}`);
    await page.getByLabel('Motif de la fin sans glissement').selectOption({ label: 'La famille a quitté le logement' });
    await page.getByLabel('Dernier jour du bail').fill(endOn);
    await page.getByRole('button', { name: 'Terminer sans glissement' }).click();
    const section = page.locator('section[aria-labelledby="lease-title"]');
    await expect.poll(() => section.textContent()).toContain(`Fin de bail prévue le ${frenchDay(endOn)}. Motif : La famille a quitté le logement`);
    expect((await owner('select ends_on::text from occupancies where household_id = $1', [households.plan.id])).rows).toEqual([{ ends_on: null }]);
    expect(await page.getByLabel('Dernier jour du bail').inputValue()).toBe(endOn);
    await page.getByRole('button', { name: 'Annuler la fin prévue' }).click();
    await expect.poll(async () => (await section.textContent()) ?? '').not.toContain('Fin de bail prévue');
    expect((await owner('select lease_end_planned_on from support_cases where id = $1', [households.plan.caseId])).rows).toEqual([{ lease_end_planned_on: null }]);
  });

  it('axe finds nothing on the correction form with its field errors, nor on a planned end with its forms', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, LOGIREM.adviserA);
    await page.goto(`${s.base}/support/cases/${households.slid.caseId}`);
    await page.getByLabel('Date du glissement corrigée').fill('2099-01-01');
    await page.getByRole('button', { name: 'Corriger la date' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Indiquez le motif de la correction.');
    await expectAccessible(page);
    await page.goto(`${s.base}/support/cases/${households.plan.caseId}`);
    await page.getByLabel('Motif de la fin sans glissement').selectOption({ label: 'Relogement ailleurs' });
    await page.getByLabel('Dernier jour du bail').fill(addDays(parisToday(), 10));
    await page.getByRole('button', { name: 'Terminer sans glissement' }).click();
    await expect.poll(async () => (await page.locator('section[aria-labelledby="lease-title"]').textContent()) ?? '').toContain('Fin de bail prévue le');
    await expectAccessible(page);
  });
});
