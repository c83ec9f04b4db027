import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../../platform/db/database.js';
import { runExportCli, runImportCli } from './cli.js';

let database: Database;
const dir = mkdtempSync(join(tmpdir(), 'palier-cli-'));

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  return { io: { stdout, stderr }, out: () => out.join(''), err: () => err.join('') };
}

beforeAll(async () => {
  database = await testDatabase();
});

describe('palier import / export', () => {
  it('imports a file for the organisation named, prints the report and exits 2 when rows were rejected', async () => {
    const file = join(dir, 'residences.csv');
    writeFileSync(file, 'reference;nom;type;adresse;code_postal;ville\nCLI-1;Les Bleuets;étudiante;4 rue Vesle;51100;Reims\nCLI-2;;classique;5 rue Vesle;51100;Reims\n');
    const t = io();
    const code = await runImportCli(['residences', file, '--org', 'plurial-novilia'], { database }, t.io);
    expect(code).toBe(2);
    expect(t.out()).toContain('2 lignes lues : 1 création, aucune mise à jour, 1 ligne rejetée.');
    expect(t.out()).toContain('Ligne 3 (CLI-2) — nom : valeur obligatoire');
    const row = await database.owner.query("select kind from residences where reference = 'CLI-1'");
    expect(row.rows[0].kind).toBe('student');
  });

  it('explains its usage, an unknown organisation and a missing file (exit 1)', async () => {
    const a = io();
    expect(await runImportCli(['flats', 'x.csv'], { database }, a.io)).toBe(1);
    expect(a.err()).toContain('Usage : palier import');
    const b = io();
    expect(await runImportCli(['dwellings', 'x.csv', '--org', 'nobody', '--lang', 'en'], { database }, b.io)).toBe(1);
    expect(b.err()).toContain('No organisation “nobody”.');
    const c = io();
    expect(await runImportCli(['dwellings', join(dir, 'none.csv'), '--org', 'plurial-novilia'], { database }, c.io)).toBe(1);
    expect(c.err()).toContain('Fichier introuvable');
  });

  it('exports residences to a file that the import reads back unchanged', async () => {
    const out = join(dir, 'export.csv');
    const t = io();
    expect(await runExportCli(['residences', '--org', 'plurial-novilia', '--out', out], { database }, t.io)).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFreference;nom;type;adresse;code_postal;ville;latitude;longitude;agence\r\n')).toBe(true);
    expect(text).toContain('CLI-1;Les Bleuets;Résidence étudiante;4 rue Vesle;51100;Reims;;;');
    const back = io();
    expect(await runImportCli(['residences', out, '--org', 'plurial-novilia', '--json'], { database }, back.io)).toBe(0);
    expect(JSON.parse(back.out())).toMatchObject({ rows: 2, inserted: 0, updated: 2, rejected: 0 });
  });
});
