import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;

// A landlord with many residences: the demo's Plurial Novilia given 130 more.
beforeAll(async () => {
  t = await testApp();
  const org = (await t.database.owner.query("select id from organisations where slug = 'plurial-novilia'")).rows[0].id;
  await t.database.owner.query(
    `insert into residences (organisation_id, reference, name, address, postcode, city)
     select $1, 'PAGE-' || g, 'Cité des Érables ' || lpad(g::text, 3, '0'), g || ' rue des Érables', '51100', 'Reims' from generate_series(1, 130) g`,
    [org],
  );
});

const rowNames = (html: string) => [...html.matchAll(/<th scope="row"><a href="[^"]*">(Cité des Érables \d{3})<\/a><\/th>/g)].map((m) => m[1]);

describe('the dashboard of a landlord with many residences', () => {
  it('lists 50 residences a page with a search by name instead of a list of every one, and keeps them all in the export', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const first = await (await c.get('/impact?year=2026')).text();
    expect(first).toContain('id="f-find"');
    expect(first).not.toContain('id="f-residence"');
    expect(first).toMatch(/Résidences 1 à 50 sur 13\d/);
    const total = Number(/Résidences 1 à 50 sur (\d+)/.exec(first)?.[1]);
    const last = await (await c.get(`/impact?year=2026&page=${Math.ceil(total / 50)}`)).text();
    expect(last).toContain(`sur ${total}`);
    expect(first).toContain('Page suivante');
    expect(last).not.toContain('Page suivante');
    expect(last).toContain('Page précédente');
    const csv = await (await c.get('/impact/export.csv?year=2026')).text();
    expect(csv.split('\r\n').filter((l) => l.startsWith('Cité des Érables')).length).toBe(130);
  });

  it('finds residences by part of their name, accents or not, and opens one from its row', async () => {
    const c = t.client();
    await c.signIn(demo('programme_manager'));
    const found = await (await c.get('/impact?year=2026&find=erables%2012')).text();
    expect(rowNames(found)).toEqual(['Cité des Érables 120', 'Cité des Érables 121', 'Cité des Érables 122', 'Cité des Érables 123', 'Cité des Érables 124', 'Cité des Érables 125', 'Cité des Érables 126', 'Cité des Érables 127', 'Cité des Érables 128', 'Cité des Érables 129']);
    const none = await (await c.get('/impact?year=2026&find=zzz')).text();
    expect(none).toContain('Aucune résidence ne contient « zzz ».');
    const link = /<th scope="row"><a href="([^"]*)">Cité des Érables 120<\/a>/.exec(found)?.[1].replaceAll('&amp;', '&') as string;
    const one = await (await c.get(link)).text();
    expect(one).toContain('Chiffres de Cité des Érables 120 seulement.');
    expect(one).toMatch(/<th scope="row">Cité des Érables 120<\/th>/);
    expect(one).not.toContain('Cité des Érables 121');
  });
});
