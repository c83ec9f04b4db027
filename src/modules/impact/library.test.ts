import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { withTenant } from '../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
const org = new Map<string, string>();
let icfSheet: string;

beforeAll(async () => {
  t = await testApp();
  for (const o of await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute()) org.set(o.slug as string, o.id as string);
  const r = await t.database.owner.query("select id from impact_practices where title like 'Résidence d’insertion%'");
  icfSheet = r.rows[0].id;
});

const signedIn = async (role: string) => {
  const c = t.client();
  await c.signIn(demo(role));
  return c;
};

describe('the practice library', () => {
  it('finds sheets in French: plural and inflected words match through stemming', async () => {
    const c = await signedIn('network_member');
    const plural = await (await c.get(`/impact/practices?q=${encodeURIComponent('résidences psychiques')}`)).text();
    expect(plural).toContain('Résidence d’insertion pour des personnes en souffrance psychique');
    expect(plural).not.toContain('Habitat intergénérationnel');
    const verb = await (await c.get(`/impact/practices?q=${encodeURIComponent('cohabitation générations')}`)).text();
    expect(verb).toContain('1 fiche');
  });

  it('keeps a network’s sheets from landlords outside it', async () => {
    const c = await signedIn('programme_manager');
    expect(await (await c.get('/impact/practices')).text()).toContain('Aucune fiche');
    expect((await c.get(`/impact/practices/${icfSheet}`)).status).toBe(404);
    expect((await c.post(`/impact/practices/${icfSheet}/duplicate`, {})).status).toBe(404);
  });

  it('re-renders a bad sheet with its errors and values, refuses a network the landlord is not in, and saves a good one', async () => {
    const c = await signedIn('programme_manager');
    const bad = await c.post('/impact/practices', {
      title: 'Coworking solidaire',
      problem: 'court',
      cost: 'beaucoup',
      contact: '',
      network: '',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Décrivez le problème traité');
    expect(html).toContain('Indiquez un montant en euros');
    expect(html).toContain('value="Coworking solidaire"');
    const sheet = {
      title: 'Coworking solidaire au pied des immeubles',
      problem: 'Des habitants sans lieu calme pour chercher un emploi.',
      cost: '12000,50',
      contact: 'Service innovation sociale',
      tags: 'Coworking, emploi',
      network: org.get('ar-hlm-paca') as string,
    };
    expect((await c.post('/impact/practices', sheet)).status).toBe(422);
    const ok = await c.post('/impact/practices', { ...sheet, network: '' });
    expect(ok.status).toBe(303);
    const page = await (await c.get(ok.headers.get('location') as string)).text();
    expect(page).toContain('<h1>Coworking solidaire au pied des immeubles</h1>');
    expect(page).toContain('12');
    const row = await t.database.owner.query("select cost_cents, tags, published_at from impact_practices where title = 'Coworking solidaire au pied des immeubles'");
    expect(row.rows[0]).toEqual({
      cost_cents: 1_200_050,
      tags: ['coworking', 'emploi'],
      published_at: null,
    });
  });

  it('lets a network member reuse a published sheet as its own private copy, audited', async () => {
    const c = await signedIn('network_member');
    const res = await c.post(`/impact/practices/${icfSheet}/duplicate`, {});
    expect(res.status).toBe(303);
    const copy = await t.database.owner.query('select organisation_id, duplicated_from, published_at from impact_practices where duplicated_from = $1', [icfSheet]);
    expect(copy.rows).toEqual([
      {
        organisation_id: org.get('ar-hlm-paca'),
        duplicated_from: icfSheet,
        published_at: null,
      },
    ]);
    const audited = await t.database.owner.query("select count(*)::int as n from audit_events where action = 'impact.practice.duplicated'");
    expect(audited.rows[0].n).toBe(1);
  });

  it('lets only the author delete or change a published sheet, even through SQL', async () => {
    const gone = await withTenant(t.database.db, { orgId: org.get('logirem') as string }, (tx) => tx.deleteFrom('impact_practices').where('id', '=', icfSheet).executeTakeFirst());
    expect(Number(gone.numDeletedRows)).toBe(0);
    const changed = withTenant(t.database.db, { orgId: org.get('logirem') as string }, (tx) => tx.updateTable('impact_practices').set({ title: 'Pris' }).where('id', '=', icfSheet).execute());
    await expect(changed).rejects.toThrow(/row-level security/);
  });
});

describe('services around the residence', () => {
  it('shows a resident the places near their residence by category, with the distance from its coordinates', async () => {
    const c = await signedIn('resident');
    const html = await (await c.get('/impact/around')).text();
    expect(html).toContain('Réma’Vert — Arc-en-Ciel');
    expect(html).toMatch(/Bureau de poste du quartier<\/strong> — à 495 m, environ 7 min à pied/);
    expect(html).toMatch(/Arrêt de bus Arc-en-Ciel<\/strong> — à 133 m/);
    expect(html.indexOf('Partenaires')).toBeLessThan(html.indexOf('Transports'));
  });

  it('lets staff add a place, with field errors on bad coordinates, and not to another landlord’s residence', async () => {
    const c = await signedIn('concierge');
    const mine = await withTenant(t.database.db, { orgId: org.get('plurial-novilia') as string }, (tx) => tx.selectFrom('residences').select('id').executeTakeFirstOrThrow());
    const place = {
      category: 'health',
      name: 'Maison de santé',
      address: 'Rue de la santé, 51100 Reims',
      latitude: '95',
      longitude: '4,0028',
      openingHours: '',
      accessibility: '',
    };
    const bad = await c.post(`/impact/residences/${mine.id}/around`, place);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Indiquez une latitude entre -90 et 90');
    const ok = await c.post(`/impact/residences/${mine.id}/around`, {
      ...place,
      latitude: '49,2386',
    });
    expect(ok.status).toBe(303);
    expect(await (await c.get(`/impact/residences/${mine.id}/around`)).text()).toContain('Maison de santé</strong> — à 0 m');
    const theirs = await withTenant(t.database.db, { orgId: org.get('logirem') as string }, (tx) => tx.selectFrom('residences').select('id').executeTakeFirstOrThrow());
    expect(
      (
        await c.post(`/impact/residences/${theirs.id}/around`, {
          ...place,
          latitude: '49,2386',
        })
      ).status,
    ).toBe(404);
    expect((await c.get(`/impact/residences/${theirs.id}/around`)).status).toBe(404);
  });
});

describe('importing places from a CSV file', () => {
  const upload = async (residenceId: string, csv: string) => {
    const c = t.client();
    await c.signIn(demo('concierge'));
    const form = new FormData();
    form.set('_csrf', await c.csrf());
    form.set('file', new File([csv], 'lieux.csv', { type: 'text/csv' }));
    return c.request(`/impact/residences/${residenceId}/around/import`, { method: 'POST', body: form });
  };

  it('adds every line of a French open-data style file, or none when a line is wrong', async () => {
    const mine = await withTenant(t.database.db, { orgId: org.get('plurial-novilia') as string }, (tx) => tx.selectFrom('residences').select('id').executeTakeFirstOrThrow());
    const count = async () => Number((await t.database.owner.query('select count(*)::int as n from impact_nearby_services where residence_id = $1', [mine.id])).rows[0].n);
    const before = await count();
    const bad = await upload(
      mine.id as string,
      '\ufeffcategorie;nom;adresse;latitude;longitude;horaires\nsanté;Cabinet infirmier;Rue A, Reims;49,2390;4,0030;8 h – 12 h\ncommerce;Boulangerie;Rue B, Reims;491;4,0031;\n',
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Ligne 3 : Indiquez une latitude entre -90 et 90');
    expect(await count()).toBe(before);
    const ok = await upload(
      mine.id as string,
      'categorie;nom;adresse;latitude;longitude;horaires\nsanté;Cabinet infirmier;Rue A, Reims;49,2390;4,0030;8 h – 12 h\npartenaire;Vie2B;Rue C, Reims;49.2386;4.0028;\n',
    );
    expect(ok.status).toBe(303);
    expect(await count()).toBe(before + 2);
    const theirs = await withTenant(t.database.db, { orgId: org.get('logirem') as string }, (tx) => tx.selectFrom('residences').select('id').executeTakeFirstOrThrow());
    expect((await upload(theirs.id as string, 'nom;latitude;longitude\nX;1;1\n')).status).toBe(404);
  });
});
