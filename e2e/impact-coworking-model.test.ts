import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/platform/db/tenant.js';
import type { Actor } from '../src/platform/access/actor.js';
import { refreshSnapshots } from '../src/modules/impact/commands/refresh-snapshots.js';
import { attachSpaceTemplate } from '../src/modules/impact/commands/practice-space.js';
import { createPractice } from '../src/modules/impact/commands/practices.js';
import { periodOf } from '../src/modules/impact/domain/period.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
const org = new Map<string, string>();
const q = async (text: string, values: unknown[] = []) => (await s.database.owner.query(text, values)).rows;
const YEAR = new Date().getFullYear();
let someUser: string;
let residenceName: string;

const staffOf = (slug: string): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId: org.get(slug) as string, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

beforeAll(async () => {
  s = await browserSession();
  for (const o of await q('select id, slug from organisations')) org.set(o.slug, o.id);
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  const network = org.get('ar-hlm-paca') as string;
  // Logirep (the Sotteville coworking) and Plurial Novilia (the demo's sign-ins) join the regional club.
  for (const slug of ['logirep', 'plurial-novilia']) await q('insert into network_memberships (network_id, member_id) values ($1, $2)', [network, org.get(slug)]);
  const sheet = await createPractice(s.database.db, staffOf('logirep'), {
    title: 'Un coworking solidaire en pied d’immeuble',
    problem: 'Des habitants éloignés de l’emploi sans lieu pour travailler au calme, près de chez eux.',
    audience: 'Demandeurs d’emploi, créateurs d’activité',
    partners: 'Une association d’insertion',
    means: 'Six postes, un animateur',
    cost: null,
    results: '',
    difficulties: '',
    contact: 'innovation@logirep.example',
    residenceKind: null,
    tags: ['coworking'],
    network,
  });
  const sotteville = (await q("select id from spaces where name = 'Coworking solidaire de Sotteville'"))[0].id;
  await attachSpaceTemplate(s.database.db, staffOf('logirep'), sheet, sotteville);
  const residence = (await q('select id, name from residences where organisation_id = $1 order by name limit 1', [org.get('plurial-novilia')]))[0];
  residenceName = residence.name;
  await q(`insert into common_places (organisation_id, residence_id, kind, name) values ($1, $2, 'coworking', 'Local du rez-de-chaussée')`, [org.get('plurial-novilia'), residence.id]);
});

describe('the coworking model, shared through the club, in a real browser at 360 px', () => {
  it('a landlord duplicates another landlord’s published coworking into its own configuration, without JavaScript', async () => {
    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.goto(`${s.base}/impact/practices`);
    await page.getByLabel('Rechercher une pratique').fill('coworking');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Un coworking solidaire en pied d’immeuble' }).click();
    await expect.poll(() => page.getByText('Coworking solidaire de Sotteville : Coworking').count()).toBe(1);
    await page.getByRole('button', { name: 'Créer mon espace sur ce modèle' }).click();
    await expect.poll(() => page.locator('#f-commonPlaceId-error').count()).toBe(1);
    await page.getByLabel('Lieu de votre résidence').selectOption({ label: `${residenceName} — Local du rez-de-chaussée` });
    await page.getByLabel('Nom de votre espace').fill('Coworking du rez-de-chaussée');
    await page.getByRole('button', { name: 'Créer mon espace sur ce modèle' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Réglages : Coworking du rez-de-chaussée');
    const made = await q("select kind, active, (select sum(units)::int from space_resources r where r.space_id = s.id) as places from spaces s where name = 'Coworking du rez-de-chaussée'");
    expect(made).toEqual([{ kind: 'coworking', active: false, places: 6 }]);
  }, 90_000);

  it('the sheet with its model is accessible in French and English', async () => {
    for (const locale of ['fr-FR', 'en-GB']) {
      const page = await newPage(s.browser, { js: true, locale });
      await signInWith(page, s.base, demo('programme_manager'));
      const id = (await q("select id from impact_practices where title = 'Un coworking solidaire en pied d’immeuble'"))[0].id;
      await page.goto(`${s.base}/impact/practices/${id}`);
      await expectAccessible(page);
    }
  }, 90_000);

  it('a member landlord shares its coworking occupancy and compares it with the club’s anonymous distribution', async () => {
    // The new coworking opens and is used through the year; the nightly job then computes each member's figures.
    const space = (await q("select id, organisation_id from spaces where name = 'Coworking du rez-de-chaussée'"))[0];
    await q('update spaces set active = true where id = $1', [space.id]);
    const seats = (await q('select id from space_resources where space_id = $1', [space.id]))[0].id;
    const households = (await q('select id from households where organisation_id = $1 order by reference limit 12', [space.organisation_id])).map((r) => r.id);
    for (const [i, household] of households.entries()) {
      const day = `${YEAR}-${String(1 + i).padStart(2, '0')}-1${i % 5}`;
      await q(
        `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status, purpose)
         values ($1, $2, $3, 1, $4, tstzrange(($5::date + time '10:00') at time zone 'Europe/Paris', ($5::date + time '12:00') at time zone 'Europe/Paris'), tstzrange(($5::date + time '10:00') at time zone 'Europe/Paris', ($5::date + time '12:00') at time zone 'Europe/Paris'), 'confirmed', 'job_search')`,
        [space.organisation_id, space.id, seats, household, day],
      );
    }
    for (const slug of ['plurial-novilia', 'logirep', 'icf-habitat-sem', 'logirem']) await withTenant(s.database.db, { orgId: org.get(slug) as string }, (tx) => refreshSnapshots(tx, org.get(slug) as string, [periodOf(YEAR)]));
    // Two members without a coworking of their own in the demo are given this year's figure in their snapshot.
    for (const [slug, rate] of [['icf-habitat-sem', 31.5], ['logirem', 58]] as const)
      // The benchmark reads each indicator's headline, written by the job beside the full results.
      await q(
        `update impact_snapshots set results = jsonb_set(results, '{spaces.coworking_occupancy}', jsonb_build_object('byResidence', '{}'::jsonb, 'overall', $3::numeric)),
           headline = jsonb_set(headline, '{spaces.coworking_occupancy}', jsonb_build_object('overall', $3::numeric, 'base', null)) where organisation_id = $1 and period_from = $2`,
        [org.get(slug), `${YEAR}-01-01`, rate],
      );
    for (const slug of ['logirep', 'icf-habitat-sem', 'logirem']) await q('insert into impact_network_shares (organisation_id, network_id, indicator_key) values ($1, $2, $3)', [org.get(slug), org.get('ar-hlm-paca'), 'spaces.coworking_occupancy']);

    const page = await newPage(s.browser, { js: false });
    await signInWith(page, s.base, demo('programme_manager'));
    await page.getByRole('link', { name: 'Réseau' }).first().click();
    await page.getByRole('checkbox', { name: 'Taux d’occupation des coworkings' }).check();
    await page.getByRole('button', { name: 'Enregistrer les partages' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBeTruthy();
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Taux d’occupation des coworkings' }) });
    await expect.poll(() => section.getByRole('row', { name: /Bailleurs contributeurs/ }).textContent()).toContain('4');
    await expect.poll(() => section.getByRole('row', { name: /Votre organisation/ }).textContent()).toMatch(/\d+(,\d)? %/);
    await expect.poll(() => section.getByRole('row', { name: /Médiane/ }).textContent()).toMatch(/\d+(,\d+)? %/);
    const js = await newPage(s.browser, { js: true });
    await signInWith(js, s.base, demo('programme_manager'));
    await js.goto(`${s.base}/impact/network`);
    await expectAccessible(js);
  }, 120_000);
});
