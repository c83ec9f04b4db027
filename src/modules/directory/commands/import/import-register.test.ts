import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../../test/app.js';
import { withTenant } from '../../../../platform/db/tenant.js';
import { actorOf, chunks, orgIdOf } from '../../test-support/actors.js';
import { importRegister } from './import-register.js';

let t: Awaited<ReturnType<typeof testApp>>;
let orgId: string;
beforeAll(async () => {
  t = await testApp();
  orgId = await orgIdOf(t.database, 'plurial-novilia');
});

const run = async (kind: 'residences' | 'dwellings' | 'households', csv: string | Uint8Array, size?: number) =>
  importRegister(t.database.db, await actorOf(t.database, demo('org_admin')), { kind, source: chunks(csv, size), fileName: `${kind}.csv`, via: 'cli' });

const count = (table: string, where = 'true') => t.database.owner.query(`select count(*)::int as n from ${table} where organisation_id = $1 and ${where}`, [orgId]).then((r) => r.rows[0].n as number);

describe('importing the landlord’s register', () => {
  it('imports a good residences file with French headers, semicolons and an agency', async () => {
    const csv = 'reference;nom;type;adresse;code_postal;ville;latitude;longitude;agence\n' +
      'IMP-R1;Les Tilleuls;intergénérationnelle;3 rue des Tilleuls;51100;Reims;49,25;4,03;Agence Nord\n' +
      'IMP-R2;"Le Clos; bâtiment neuf";CHRS;12 avenue Jean Jaurès;8000;Laon;;;Agence Nord\n';
    const report = await run('residences', csv);
    expect(report).toMatchObject({ rows: 2, inserted: 2, updated: 0, rejected: 0, fileError: null, delimiter: ';' });
    const rows = await t.database.owner.query('select r.reference, r.name, r.kind, r.postcode, r.latitude, a.name as agency from residences r left join agencies a on a.id = r.agency_id where r.reference like $1 order by 1', ['IMP-R%']);
    expect(rows.rows).toEqual([
      { reference: 'IMP-R1', name: 'Les Tilleuls', kind: 'intergenerational', postcode: '51100', latitude: 49.25, agency: 'Agence Nord' },
      { reference: 'IMP-R2', name: 'Le Clos; bâtiment neuf', kind: 'shelter', postcode: '08000', latitude: null, agency: 'Agence Nord' },
    ]);
  });

  it('imports dwellings with comma separators, rents in euros with comma decimals, and creates their buildings', async () => {
    const csv = 'reference,residence,batiment,pieces,etage,loyer\nIMP-D1,IMP-R1,A,T3,RDC,"412,50"\nIMP-D2,IMP-R1,A,2,1,"1 034,5"\nIMP-D3,IMP-R2,,1,2,380\n';
    const report = await run('dwellings', csv);
    expect(report).toMatchObject({ rows: 3, inserted: 3, rejected: 0, delimiter: ',' });
    const rows = await t.database.owner.query("select d.reference, d.rooms, d.floor, d.rent_cents, b.reference as building from dwellings d left join buildings b on b.id = d.building_id where d.reference like 'IMP-D%' order by 1");
    expect(rows.rows).toEqual([
      { reference: 'IMP-D1', rooms: 3, floor: 0, rent_cents: 41250, building: 'IMP-R1-A' },
      { reference: 'IMP-D2', rooms: 2, floor: 1, rent_cents: 103450, building: 'IMP-R1-A' },
      { reference: 'IMP-D3', rooms: 1, floor: 2, rent_cents: 38000, building: null },
    ]);
  });

  it('reports bad rows with their line numbers and reasons, and writes none of them', async () => {
    const before = await count('dwellings');
    const csv = 'reference;residence;batiment;pieces;etage;loyer\n' +
      'IMP-D10;IMP-R1;A;3;2;500\n' +
      'IMP-D11;IMP-R1;A;0;2;500\n' +
      '\n' +
      'IMP-D12;NOWHERE;A;3;2;500\n' +
      'IMP-D13;IMP-R1;A;3;99;cinq cents\n' +
      'IMP-D10;IMP-R1;A;3;2;500\n' +
      '"IMP-D14";IMP-R2;B;4;-1;"600,00"\n';
    const report = await run('dwellings', csv);
    expect(report).toMatchObject({ rows: 6, inserted: 2, rejected: 4 });
    expect(report.rejections).toEqual([
      { line: 3, reference: 'IMP-D11', errors: [{ column: 'pieces', key: 'directory.import.error.rooms' }] },
      { line: 5, reference: 'IMP-D12', errors: [{ column: 'residence', key: 'directory.import.error.residenceNotFound', values: { reference: 'NOWHERE' } }] },
      { line: 6, reference: 'IMP-D13', errors: [{ column: 'etage', key: 'directory.import.error.floor' }, { column: 'loyer', key: 'directory.import.error.money' }] },
      { line: 7, reference: 'IMP-D10', errors: [{ column: 'reference', key: 'directory.import.error.duplicate', values: { line: 2 } }] },
    ]);
    expect(await count('dwellings')).toBe(before + 2);
    expect(await count('dwellings', "reference in ('IMP-D11','IMP-D12','IMP-D13')")).toBe(0);
  });

  it('refuses a file without a required column, naming it, and reads nothing', async () => {
    const report = await run('dwellings', 'reference;residence;pieces;etage\nIMP-D20;IMP-R1;3;2\n');
    expect(report.fileError).toEqual({ key: 'directory.import.error.missingColumns', values: { columns: 'loyer' } });
    expect(await count('dwellings', "reference = 'IMP-D20'")).toBe(0);
  });

  it('re-imports idempotently: no duplicates, changes applied, columns left out untouched', async () => {
    const csv = 'reference;residence;batiment;pieces;etage;loyer\nIMP-D1;IMP-R1;A;3;0;"420,00"\nIMP-D2;IMP-R1;A;2;1;"1 034,5"\n';
    const first = await run('dwellings', csv);
    const second = await run('dwellings', csv);
    expect(first).toMatchObject({ inserted: 0, updated: 2 });
    expect(second).toMatchObject({ inserted: 0, updated: 2, rejected: 0 });
    expect(await count('dwellings', "reference like 'IMP-D%'")).toBe(5);
    const d1 = await t.database.owner.query("select rent_cents from dwellings where reference = 'IMP-D1'");
    expect(d1.rows[0].rent_cents).toBe(42000);
    // A file without the agency column keeps the agency; the name change lands.
    await run('residences', 'reference,nom,adresse,code_postal,ville\nIMP-R1,Les Tilleuls rénovés,3 rue des Tilleuls,51100,Reims\n');
    const r1 = await t.database.owner.query("select r.name, r.kind, a.name as agency from residences r left join agencies a on a.id = r.agency_id where reference = 'IMP-R1'");
    expect(r1.rows[0]).toEqual({ name: 'Les Tilleuls rénovés', kind: 'intergenerational', agency: 'Agence Nord' });
  });

  it('imports households with their dwelling, moves them on re-import, and checks contacts per channel', async () => {
    const csv = 'Référence;Nom;Logement;E-mail;Téléphone;Langue;Canal;Personnes;Date d’entrée\n' +
      'IMP-H1;Foyer Laurent;IMP-D1;laurent@example.org;06 12 34 56 78;français;courriel;3;01/09/2021\n' +
      'IMP-H2;Foyer Sy;IMP-D2;;;wolof;SMS;2;2022-03-15\n' +
      'IMP-H3;Foyer Blanc;IMP-D99;;;fr;papier;1;01/01/2020\n' +
      'IMP-H4;Foyer Noir;IMP-D3;pas-un-email;;fr;;1;31/02/2020\n';
    const report = await run('households', csv);
    expect(report).toMatchObject({ rows: 4, inserted: 1, rejected: 3 });
    expect(report.rejections.map((r) => [r.line, r.errors.map((e) => `${e.column}:${e.key.split('.').pop()}`)])).toEqual([
      [3, ['Téléphone:phoneForChannel']],
      [4, ['Logement:dwellingNotFound']],
      [5, ['E-mail:email', 'Date d’entrée:date']],
    ]);
    const h1 = await t.database.owner.query("select h.phone, h.channel, h.members_count, d.reference as dwelling, o.starts_on::text from households h join occupancies o on o.household_id = h.id and o.ends_on is null join dwellings d on d.id = o.dwelling_id where h.reference = 'IMP-H1'");
    expect(h1.rows[0]).toEqual({ phone: '+33612345678', channel: 'email', members_count: 3, dwelling: 'IMP-D1', starts_on: '2021-09-01' });
    await run('households', 'reference;nom;logement;date_entree\nIMP-H1;Foyer Laurent;IMP-D3;15/06/2024\n');
    const moves = await t.database.owner.query("select d.reference, o.starts_on::text, o.ends_on::text from occupancies o join households h on h.id = o.household_id join dwellings d on d.id = o.dwelling_id where h.reference = 'IMP-H1' order by o.starts_on");
    expect(moves.rows).toEqual([
      { reference: 'IMP-D1', starts_on: '2021-09-01', ends_on: '2024-06-15' },
      { reference: 'IMP-D3', starts_on: '2024-06-15', ends_on: null },
    ]);
  });

  it('reads a Windows-1252 file from Excel and records one audit event with the counts', async () => {
    const latin1 = Uint8Array.from(Buffer.from('reference;nom;adresse;code_postal;ville\nIMP-R3;Résidence Fénelon;1 place d’Erlon;51100;Reims\n'.replace('’', "'"), 'latin1'));
    const report = await run('residences', latin1, 5);
    expect(report).toMatchObject({ inserted: 1, rejected: 0 });
    const name = await t.database.owner.query("select name from residences where reference = 'IMP-R3'");
    expect(name.rows[0].name).toBe('Résidence Fénelon');
    const events = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select(['action', 'target_type', 'details']).where('action', '=', 'directory.import').orderBy('id', 'desc').limit(1).execute());
    expect(events[0]).toMatchObject({ action: 'directory.import', target_type: 'residences', details: { via: 'cli', rows: 1, inserted: 1, updated: 0, rejected: 0, file: 'residences.csv' } });
  });

  it('is refused to staff who may not import', async () => {
    const concierge = await actorOf(t.database, demo('concierge'));
    await expect(importRegister(t.database.db, concierge, { kind: 'residences', source: chunks('reference\n'), via: 'web' })).rejects.toMatchObject({ status: 403 });
  });
});
