import { beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../src/modules/spaces/testing.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let cowork: DemoSpace;
const FACILITATOR = 'facilitator-sotteville@demo.palier.fr';
const q = async (text: string, values: unknown[] = []) => (await s.database.owner.query(text, values)).rows;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const noOverflow = async (page: Awaited<ReturnType<typeof newPage>>) => expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

beforeAll(async () => {
  s = await browserSession();
  cowork = await demoSpace(s.database, 'Coworking solidaire de Sotteville');
  await relaxRules(s.database, cowork.spaceId);
});

describe('at the desk of a coworking, in a real browser on a 360 px phone', () => {
  it('the facilitator checks someone in from the day board and logs a support session for them, without JavaScript; the board and the printable day sheet are axe-clean', async () => {
    const household = cowork.households[7];
    // A booking under way now (whatever the day of the week: written directly, as the day's walk-in would be).
    const [{ id }] = await q(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status, assisted) select $1, $2, $3, u, $4, tstzrange(now() - interval '10 minutes', now() + interval '50 minutes'), tstzrange(now() - interval '10 minutes', now() + interval '50 minutes'), 'confirmed', true
       from generate_series(1, 6) u
       where not exists (select 1 from space_bookings b where b.resource_id = $3 and b.unit = u and b.status in ('pending', 'confirmed', 'offered') and b.held && tstzrange(now() - interval '10 minutes', now() + interval '50 minutes'))
       order by u limit 1 returning id`,
      [cowork.orgId, cowork.spaceId, cowork.resourceId, household],
    );
    const [{ name }] = await q('select name from households where id = $1', [household]);
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, FACILITATOR);
    await page.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${today()}`);
    await page.getByRole('button', { name: new RegExp(`^Noter l’arrivée de ${name}`) }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('L’arrivée est notée.');
    expect(await page.locator('tr', { hasText: name }).textContent()).toContain('Arrivée notée');
    expect((await q('select checked_in_at from space_bookings where id = $1', [id]))[0].checked_in_at).toBeInstanceOf(Date);
    await noOverflow(page);
    await page.getByRole('link', { name: 'Journal d’accompagnement' }).click();
    await page.getByLabel('Personne accompagnée').selectOption(household);
    await page.getByLabel('Sujet', { exact: true }).selectOption('job_search');
    await page.getByLabel('Durée', { exact: true }).selectOption('30');
    await page.getByRole('button', { name: 'Enregistrer l’accompagnement' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('L’accompagnement est noté.');
    expect((await q('select count(*)::int n from space_support_sessions where household_id = $1', [household]))[0].n).toBe(1);
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, FACILITATOR);
    await axe.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${today()}`);
    await expectAccessible(axe);
    // The printable day sheet, linked from the board, lists the person checked in.
    await axe.getByRole('link', { name: 'Feuille du jour à imprimer' }).click();
    expect(await axe.locator('tr', { hasText: name }).textContent()).toContain('Arrivée notée');
    await expectAccessible(axe);
    await noOverflow(axe);
  }, 180_000);

  it('the facilitator moves a booking from the board: a slot past closing time is refused at the field and the booking kept, then it moves, without JavaScript; the form is axe-clean in French and English', async () => {
    const D = workingDayAhead(30);
    const E = workingDayAhead(1, new Date(`${D}T12:00:00Z`));
    const household = cowork.households[8];
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, FACILITATOR);
    await page.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${D}`);
    const [{ name }] = await q('select name from households where id = $1', [household]);
    await q(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status, assisted)
       select $1, $2, $3, u, $4, r, r, 'confirmed', true from tstzrange(($5::date + time '09:00') at time zone 'Europe/Paris', ($5::date + time '10:00') at time zone 'Europe/Paris') r, generate_series(1, 6) u
       where not exists (select 1 from space_bookings b where b.resource_id = $3 and b.unit = u and b.status in ('pending', 'confirmed', 'offered') and b.held && r)
       order by u limit 1`,
      [cowork.orgId, cowork.spaceId, cowork.resourceId, household, D],
    );
    await page.goto(`${s.base}/staff/spaces/${cowork.spaceId}?date=${D}`);
    await page.getByRole('link', { name: new RegExp(`^Déplacer la réservation de ${name}`) }).click();
    await page.getByLabel('Jour', { exact: true }).fill(E);
    // 11:00 for two hours runs past the morning's closing at noon.
    await page.getByLabel('Heure d’arrivée').selectOption('11:00');
    await page.getByLabel('Durée', { exact: true }).selectOption('120');
    await page.getByRole('button', { name: 'Déplacer la réservation' }).click();
    await expect.poll(() => page.locator('.error').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Jour', { exact: true }).inputValue()).toBe(E);
    await noOverflow(page);
    await page.getByLabel('Heure d’arrivée').selectOption('14:00');
    await page.getByLabel('Durée', { exact: true }).selectOption('60');
    await page.getByRole('button', { name: 'Déplacer la réservation' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('La réservation est déplacée ; le foyer est prévenu.');
    expect(await page.locator('tr', { hasText: name }).textContent()).toContain('14:00');
    // The household's bookings of those two days (the demo's own bookings are elsewhere).
    const rows = await q(
      "select id, status, to_char(lower(during) at time zone 'Europe/Paris', 'YYYY-MM-DD HH24:MI') s from space_bookings where household_id = $1 and space_id = $2 and (lower(during) at time zone 'Europe/Paris')::date in ($3::date, $4::date) order by created_at",
      [household, cowork.spaceId, D, E],
    );
    expect(rows.map((r) => [r.status, r.s])).toEqual([
      ['cancelled', `${D} 09:00`],
      ['confirmed', `${E} 14:00`],
    ]);
    const id = rows[1].id;
    for (const locale of ['fr-FR', 'en-GB']) {
      const axe = await newPage(s.browser, { js: true, locale });
      await signInWith(axe, s.base, FACILITATOR);
      await axe.goto(`${s.base}/staff/spaces/${cowork.spaceId}/bookings/${id}/move`);
      await expectAccessible(axe);
      await noOverflow(axe);
    }
  }, 180_000);
});

describe('the programme manager in a real browser, on a 360 px phone', () => {
  it('sets a monthly quota, then switches a space off: refused while bookings are ahead, done once they are cancelled, without JavaScript; axe-clean', async () => {
    const bikes = await demoSpace(s.database, 'Vélos électriques de Réma’Vert');
    await relaxRules(s.database, bikes.spaceId);
    const D = workingDayAhead(15);
    await q(
      `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status) values ($1, $2, $3, 1, $4, tstzrange(($5::date + time '10:00') at time zone 'Europe/Paris', ($5::date + time '11:00') at time zone 'Europe/Paris'), tstzrange(($5::date + time '10:00') at time zone 'Europe/Paris', ($5::date + time '11:00') at time zone 'Europe/Paris'), 'confirmed')`,
      [bikes.orgId, bikes.spaceId, bikes.resourceId, bikes.households[0], D],
    );
    const ahead = (await q("select count(*)::int n from space_bookings where space_id = $1 and status in ('pending', 'confirmed', 'offered') and upper(during) > now()", [bikes.spaceId]))[0].n;
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.goto(`${s.base}/staff/spaces/${bikes.spaceId}/settings`);
    await page.getByLabel('Quota par foyer et par mois (nombre de réservations)').fill('4');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Les réglages sont enregistrés.');
    expect((await q('select monthly_quota_bookings from spaces where id = $1', [bikes.spaceId]))[0].monthly_quota_bookings).toBe(4);
    await page.getByLabel('Ouvert aux réservations').uncheck();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('rien n’a été enregistré');
    expect((await q('select active from spaces where id = $1', [bikes.spaceId]))[0].active).toBe(true);
    await noOverflow(page);
    const axe = await newPage(s.browser, { js: true });
    await signInWith(axe, s.base, demo('programme_manager'));
    await axe.goto(`${s.base}/staff/spaces/${bikes.spaceId}/settings`);
    await axe.getByLabel('Ouvert aux réservations').uncheck();
    await axe.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => axe.getByRole('alert').count()).toBeGreaterThan(0);
    await expectAccessible(axe);
    await page.getByLabel(ahead === 1 ? 'Annuler cette réservation et prévenir le foyer' : `Annuler ces ${ahead} réservations et prévenir les foyers`).check();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('L’espace est fermé aux réservations');
    expect((await q('select active from spaces where id = $1', [bikes.spaceId]))[0].active).toBe(false);
    expect((await q("select count(*)::int n from space_bookings where space_id = $1 and status = 'confirmed' and upper(during) > now()", [bikes.spaceId]))[0].n).toBe(0);
  }, 180_000);
});
