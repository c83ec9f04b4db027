import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIREM } from '../src/modules/support/test-helpers.js';
import { demo } from '../test/app.js';
import { browserSession, expectAccessible, newPage, signInWith } from '../test/browser.js';

let s: Awaited<ReturnType<typeof browserSession>>;
let network: string;
const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await browserSession();
  network = (await s.database.owner.query("select id from organisations where slug = 'ar-hlm-paca'")).rows[0].id;
});

const fits = (page: Awaited<ReturnType<typeof newPage>>) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('club meetings in a real browser at 360 px, without JavaScript', () => {
  it('the network’s staff create a workshop, from the network page; a member’s staff find them in the navigation, register and cancel; the organiser sees them', async () => {
    const organiser = await newPage(s.browser, { js: false });
    organiser.setDefaultTimeout(20_000);
    await signInWith(organiser, s.base, demo('network_member'));
    await organiser.goto(`${s.base}/impact/network?network=${network}`);
    await organiser.getByRole('link', { name: 'Réunions du club' }).click();
    await organiser.getByRole('link', { name: 'Nouvelle réunion ou atelier' }).click();
    await organiser.getByLabel('Titre').fill('Atelier habitat inclusif');
    await organiser.getByLabel('Type').selectOption({ label: 'Atelier' });
    await organiser.getByLabel('Adresse ou lien de visioconférence').fill('24 rue Paradis, Marseille');
    await organiser.getByLabel('Date').fill(day);
    await organiser.getByLabel('Heure de début').fill('14:00');
    await organiser.getByLabel('Heure de fin').fill('13:00');
    await organiser.getByRole('button', { name: 'Créer la réunion' }).click();
    await organiser.getByLabel('Heure de fin').fill('16:00');
    await organiser.getByRole('button', { name: 'Créer la réunion' }).click();
    await expect.poll(() => organiser.getByRole('heading', { name: 'Atelier habitat inclusif' }).count()).toBe(1);
    expect(await fits(organiser)).toBe(true);

    const member = await newPage(s.browser, { js: false });
    member.setDefaultTimeout(20_000);
    await signInWith(member, s.base, LOGIREM.concierge);
    await member.goto(`${s.base}/`);
    await member.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Réunions du club' }).click();
    expect(await fits(member)).toBe(true);
    await member.getByRole('link', { name: 'Atelier habitat inclusif' }).click();
    await member.getByRole('button', { name: 'M’inscrire' }).click();
    await expect.poll(() => member.getByRole('status').textContent()).toContain('Vous êtes inscrit à cette réunion.');
    expect(await fits(member)).toBe(true);

    await organiser.reload();
    await expect.poll(() => organiser.getByRole('rowheader', { name: 'Rachid Mansour' }).count()).toBe(1);

    await member.getByRole('button', { name: 'Annuler mon inscription' }).click();
    await expect.poll(() => member.getByRole('status').textContent()).toContain('Votre inscription est annulée.');
  }, 180_000);

  it('the organiser changes the place and places, then cancels with a reason (refused empty first); the member reads it', async () => {
    const id = (await s.database.owner.query("select id from community_events where title = 'Atelier habitat inclusif'")).rows[0].id;
    const organiser = await newPage(s.browser, { js: false });
    organiser.setDefaultTimeout(20_000);
    await signInWith(organiser, s.base, demo('network_member'));
    await organiser.goto(`${s.base}/impact/network/club/${id}`);
    await organiser.getByRole('link', { name: 'Modifier ou annuler la réunion' }).click();
    await organiser.getByLabel('Adresse ou lien de visioconférence').fill('12 quai de Rive-Neuve, Marseille');
    await organiser.getByLabel('Nombre de places (facultatif)').fill('8');
    await organiser.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await expect.poll(() => organiser.getByRole('status').textContent()).toContain('La réunion est modifiée.');
    expect(await organiser.getByText('12 quai de Rive-Neuve, Marseille').count()).toBe(1);
    expect(await fits(organiser)).toBe(true);

    await organiser.getByRole('link', { name: 'Modifier ou annuler la réunion' }).click();
    await organiser.getByRole('button', { name: 'Annuler la réunion' }).click();
    await expect.poll(() => organiser.getByLabel('Raison de l’annulation').getAttribute('aria-invalid')).toBe('true');
    expect(await fits(organiser)).toBe(true);
    await organiser.getByLabel('Raison de l’annulation').fill('Salle indisponible');
    await organiser.getByRole('button', { name: 'Annuler la réunion' }).click();
    await expect.poll(() => organiser.getByRole('status').textContent()).toContain('La réunion est annulée.');

    const member = await newPage(s.browser, { js: false });
    member.setDefaultTimeout(20_000);
    await signInWith(member, s.base, LOGIREM.concierge);
    await member.goto(`${s.base}/impact/network/meetings/${id}`);
    expect(await member.getByText('Raison : Salle indisponible').count()).toBe(1);
    expect(await member.getByRole('button', { name: 'M’inscrire' }).count()).toBe(0);
    expect(await fits(member)).toBe(true);
  }, 180_000);

  it('every club page is accessible at 360 px, in French and in English', async () => {
    const id = (await s.database.owner.query("select id from community_events where network_audience order by created_at limit 1")).rows[0].id;
    // A meeting still open, so that its change-and-cancel page is checked as organisers see it.
    const open = await s.database.owner.query(
      "insert into community_events (organisation_id, title, description, category, address, starts_at, ends_at, registration, capacity, network_audience) select organisation_id, 'Comité axe', '', 'committee', 'Marseille', now() + interval '30 days', now() + interval '30 days 2 hours', 'open', 1, true from community_events where id = $1 returning id",
      [id],
    );
    const edit = `/impact/network/club/${open.rows[0].id}/edit`;
    const views = [
      { who: demo('network_member'), paths: ['/impact/network/club', '/impact/network/club/new', `/impact/network/club/${id}`, edit] },
      { who: LOGIREM.concierge, paths: [`/impact/network/meetings?network=${network}`, `/impact/network/meetings/${id}`] },
    ];
    for (const locale of ['fr', 'en'] as const)
      for (const v of views) {
        const page = await newPage(s.browser, { js: true, locale });
        await signInWith(page, s.base, v.who);
        for (const path of v.paths) {
          await page.goto(`${s.base}${path}`);
          await expectAccessible(page);
          expect(await fits(page), path).toBe(true);
        }
      }
  }, 300_000);
});
