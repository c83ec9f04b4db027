// Measures the import of a large landlord's register: 146,000 dwellings over 2,000 residences.
//   npx tsx bench/import-dwellings.ts            (a fresh embedded PostgreSQL in a temporary directory)
//   TEST_DATABASE_URL=postgres://… npx tsx bench/import-dwellings.ts   (a fresh database on that server)
// Prints rows/s for the residences and the dwellings; the figures go in docs/import.md.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Actor } from '../src/platform/access/actor.js';
import { grant } from '../src/platform/access/authorize.js';
import { openDatabase } from '../src/platform/db/database.js';
import { startEmbeddedServer } from '../src/platform/db/embedded-server.js';
import { migrate } from '../src/platform/db/migrator.js';
import { ALL_MIGRATIONS } from '../src/modules.js';
import { importRegister, type ImportReport } from '../src/modules/directory/commands/import/import-register.js';
import { directoryModule } from '../src/modules/directory/module.js';

const DWELLINGS = Number(process.env.BENCH_DWELLINGS ?? 146_000);
const RESIDENCES = Math.max(1, Math.round(DWELLINGS / 73));

function generate(dir: string): { residences: string; dwellings: string } {
  const res = ['reference;nom;type;adresse;code_postal;ville;latitude;longitude;agence'];
  for (let r = 1; r <= RESIDENCES; r++) {
    res.push(`R${r};Résidence ${r};${r % 7 === 0 ? 'intergénérationnelle' : 'classique'};${r} rue de la République;${String(10000 + (r % 85000)).padStart(5, '0')};Ville ${r % 300};49,${r % 1000};4,${r % 1000};Agence ${r % 12}`);
  }
  const dw = ['reference;residence;batiment;pieces;etage;loyer'];
  for (let d = 1; d <= DWELLINGS; d++) {
    const r = 1 + (d % RESIDENCES);
    dw.push(`L${d};R${r};${String.fromCharCode(65 + (d % 4))};T${1 + (d % 6)};${d % 12 === 0 ? 'RDC' : d % 15};"${300 + (d % 500)},${String(d % 100).padStart(2, '0')}"`);
  }
  const residences = join(dir, 'residences.csv');
  const dwellings = join(dir, 'dwellings.csv');
  writeFileSync(residences, `\uFEFF${res.join('\r\n')}\r\n`);
  writeFileSync(dwellings, `\uFEFF${dw.join('\r\n')}\r\n`);
  return { residences, dwellings };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palier-bench-'));
  const external = process.env.TEST_DATABASE_URL;
  const embedded = external ? null : await startEmbeddedServer(join(dir, 'pg'));
  const name = `palier_bench_${process.pid}`;
  const serverUrl = (db: string) => {
    if (embedded) return embedded.url(db);
    const u = new URL(external as string);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = new pg.Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const database = openDatabase(serverUrl(name));
  try {
    await migrate(database.owner, ALL_MIGRATIONS);
    for (const [permission, roles] of Object.entries(directoryModule.permissions)) grant(permission, roles);
    const org = await database.owner.query("insert into organisations (kind, name, slug) values ('landlord', 'Bailleur du banc d’essai', 'bench') returning id");
    const actor: Actor = { kind: 'user', userId: '', displayName: 'bench', locale: 'fr', orgId: org.rows[0].id, roles: ['org_admin'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
    const files = generate(dir);
    const show = (label: string, r: ImportReport) =>
      process.stdout.write(`${label}: ${r.rows} rows (${r.inserted} new, ${r.updated} updated, ${r.rejected} rejected) in ${r.seconds.toFixed(2)} s — ${Math.round(r.rows / r.seconds)} rows/s\n`);
    const version = await database.owner.query('show server_version');
    process.stdout.write(`PostgreSQL ${version.rows[0].server_version} (${embedded ? 'embedded' : 'server'}), Node ${process.version}\n`);
    show('residences', await importRegister(database.db, actor, { kind: 'residences', source: createReadStream(files.residences), via: 'cli' }));
    show('dwellings (first import)', await importRegister(database.db, actor, { kind: 'dwellings', source: createReadStream(files.dwellings), via: 'cli' }));
    show('dwellings (re-import, all updates)', await importRegister(database.db, actor, { kind: 'dwellings', source: createReadStream(files.dwellings), via: 'cli' }));
  } finally {
    await database.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
