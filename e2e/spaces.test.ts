import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { createBooking } from '../src/modules/spaces/commands/create-booking.js';
import { parisInstant } from '../src/modules/spaces/domain/paris-time.js';
import { spacesJobs } from '../src/modules/spaces/jobs/jobs.js';
import { type DemoSpace, demoSpace, holidayWeekAhead, relaxRules, staffActor, userId, workingDayAhead } from '../src/modules/spaces/testing.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let cowork: DemoSpace;
const RESIDENT = 'resident-sotteville@demo.palier.fr';
const FACILITATOR = 'facilitator-sotteville@demo.palier.fr';

beforeAll(async () => {
  s = await browserSession();
  cowork = await demoSpace(s.database, 'Coworking solidaire de Sotteville');
  await relaxRules(s.database, cowork.spaceId);
});

describe('shared spaces in a real browser, on a 360 px phone', () => {
  it('a resident picks a day, books a desk and cancels it, without JavaScript', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, RESIDENT);
    await page.getByRole('link', { name: 'Espaces partagés' }).first().click();
    await page.getByRole('link', { name: /Voir les créneaux/ }).click();
    const day = workingDayAhead(1);
    await page.locator(`nav a[href$="date=${day}"]`).first().click();
    await expect.poll(() => page.locator('caption').textContent()).toMatch(/^Créneaux du /);
    await page.getByRole('link', { name: /^Réserver 14:00/ }).click();
    await page.getByLabel('Pour quoi faire ? (facultatif)').selectOption('job_search');
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('C’est réservé');
    await page.getByRole('button', { name: /^Annuler la réservation/ }).first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La réservation est annulée.');
  }, 120_000);

  it('the facilitator books a desk for a household at the counter and blocks a slot, without JavaScript', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, FACILITATOR);
    await page.locator('header a[href="/staff/spaces"]').click();
    await page.getByRole('link', { name: 'Coworking solidaire de Sotteville' }).click();
    expect(await page.locator('h1').textContent()).toBe('Coworking solidaire de Sotteville');
    // A day past the demo's bookings, so the household chosen is free then.
    await page.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${workingDayAhead(20)}`);
    await page.getByLabel('Foyer', { exact: true }).selectOption({ index: 2 });
    await page.getByLabel('Heure d’arrivée').selectOption('16:00');
    await page.getByRole('button', { name: 'Réserver pour ce foyer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La réservation est enregistrée.');
    await page.getByLabel('De', { exact: true }).fill('17:00');
    await page.getByLabel('À', { exact: true }).fill('18:00');
    await page.getByLabel('Raison', { exact: true }).fill('Atelier CV');
    await page.getByRole('button', { name: 'Bloquer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Le créneau est bloqué.');
    expect(await page.locator('main').textContent()).toContain('Atelier CV');
  }, 120_000);

  it('a resident books a weekly series, is told of the public holiday in it and skips it, without JavaScript', async () => {
    await relaxRules(s.database, cowork.spaceId, { horizon_days: 400 });
    const { start, holiday } = holidayWeekAhead();
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, RESIDENT);
    await page.goto(`${s.base}/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${start}&start=11:00`);
    await page.getByLabel('Répéter chaque semaine').selectOption('4');
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expect.poll(() => page.locator('#series-conflicts-title').textContent()).toMatch(/ne peu(t|vent) pas être réservée/);
    expect(await page.locator('main').textContent()).toContain(`jour férié`);
    await page.getByRole('button', { name: /^Réserver (les \d+ autres dates|la seule autre date)$/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/dates? réservées?, \d dates? sautées?\./);
    expect(await page.locator('main').textContent()).toContain('Série hebdomadaire');
    expect(holiday > start).toBe(true);
    // axe runs in the page: the same conflicts again, with JavaScript on.
    const axe = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(axe, s.base, RESIDENT);
    await axe.goto(`${s.base}/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${start}&start=15:00`);
    await axe.getByLabel(/Répéter chaque semaine|Repeat every week/).selectOption('4');
    await axe.getByRole('button', { name: /Confirmer la réservation|Confirm the booking/ }).click();
    await expect.poll(() => axe.locator('#series-conflicts-title').count()).toBe(1);
    await expectAccessible(axe);
  }, 180_000);

  it('a booking nobody checks in is released by the job, and the facilitator sees it on the board', async () => {
    await relaxRules(s.database, cowork.spaceId, { horizon_days: 400, checkin_grace_minutes: 15 });
    const day = workingDayAhead(27);
    const staff = staffActor(cowork.orgId, await userId(s.database, FACILITATOR));
    const made = await createBooking(s.database.db, staff, cowork.spaceId, { resourceId: cowork.resourceId, date: day, start: '09:00', minutes: 60, purpose: 'job_search', householdId: cowork.households[3] }, 'counter', new Date(parisInstant(day, 540).getTime() - 86_400_000));
    const job = spacesJobs.find((j) => j.name === 'spaces.release-no-shows');
    expect(await job?.run({ services: s.services, now: parisInstant(day, 560), log: s.services.log })).toMatchObject({ noShows: 1 });
    await relaxRules(s.database, cowork.spaceId, { checkin_grace_minutes: null });
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, FACILITATOR);
    await page.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${day}`);
    const row = page.locator('tr', { hasText: '09:00 – 10:00' }).filter({ hasText: 'Absent' });
    expect(await row.count()).toBe(1);
    expect((await s.database.owner.query('select status from space_bookings where id = $1', [made.bookingId])).rows[0].status).toBe('no_show');
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, FACILITATOR);
    await axe.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${day}`);
    await expectAccessible(axe);
  }, 120_000);

  it('the day grid fits a 360 px screen', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, RESIDENT);
    await page.goto(`${s.base}/spaces/${cowork.spaceId}?date=${workingDayAhead(2)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 120_000);
});

describe('axe finds nothing on the pages of shared spaces', () => {
  it('as a resident, in French and English: spaces, day grid, booking form (with errors), my bookings', async () => {
    for (const locale of ['fr-FR', 'en-GB']) {
      const page = await newPage(s.browser, { js: true, locale });
      await signInWith(page, s.base, RESIDENT);
      const day = workingDayAhead(3);
      await page.goto(`${s.base}/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${day}&start=09:00`);
      await page.getByRole('button', { name: /Confirmer la réservation|Confirm the booking/ }).click();
      await page.waitForLoadState('domcontentloaded');
      for (const path of ['/spaces', `/spaces/${cowork.spaceId}?date=${day}`, `/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${day}&start=10:00`, '/spaces/bookings']) {
        await page.goto(`${s.base}${path}`);
        await expectAccessible(page);
      }
      await page.goto(`${s.base}/spaces/${cowork.spaceId}/book?resource=${cowork.resourceId}&date=${day}&start=12:00`);
      await page.getByRole('button', { name: /Confirmer la réservation|Confirm the booking/ }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
      await expectAccessible(page);
    }
  }, 360_000);

  it('as staff: the spaces list and a board with bookings, a pending request and a closure', async () => {
    const page = await newPage(s.browser, { js: true });
    await signInWith(page, s.base, FACILITATOR);
    for (const path of ['/staff/spaces', `/staff/spaces/${cowork.spaceId}?date=${workingDayAhead(1)}`]) {
      await page.goto(`${s.base}${path}`);
      await expectAccessible(page);
    }
    const room = await demoSpace(s.database, 'Salle commune Arc-en-Ciel');
    const concierge = await newPage(s.browser, { js: true, locale: 'en-GB' });
    await signInWith(concierge, s.base, demo('concierge'));
    await concierge.goto(`${s.base}/staff/spaces/${room.spaceId}`);
    await expectAccessible(concierge);
  }, 240_000);
});
