// Times the landlord dashboard and the network benchmark on landlord-scale data (146,000 dwellings).
// Usage: npx tsx src/modules/impact/bench/landlord-scale.ts postgres://postgres@127.0.0.1:5432/postgres
// It creates, fills and drops its own database; it never touches another.
import pg from 'pg';
import pino from 'pino';
import type { Actor } from '../../../platform/access/actor.js';
import { openDatabase } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { migrate } from '../../../platform/db/migrator.js';
import { ALL_MIGRATIONS } from '../../../modules.js';
import { periodOf } from '../domain/period.js';
import { registerDirectoryIndicators } from '../indicators/directory-indicators.js';
import { benchmark } from '../queries/benchmark.js';
import { dashboard } from '../queries/dashboard.js';

const log = pino();
const server = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `palier_bench_impact_${process.pid}`;
const url = new URL(server);
url.pathname = `/${name}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(sql);
  await c.end();
}

async function timed<T>(label: string, runs: number, fn: () => Promise<T>) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  log.info({ label, runs, medianMs: Math.round(ms[Math.floor(runs / 2)]), maxMs: Math.round(ms[runs - 1]) }, 'timing');
}

await admin(`create database "${name}"`);
const database = openDatabase(url.toString());
try {
  await migrate(database.owner, ALL_MIGRATIONS);
  registerDirectoryIndicators();
  // One landlord: 1,000 residences of 146 dwellings, 96 % let, and 30,000 past tenancies; plus 9
  // smaller landlords in one network.
  await database.owner.query(`
    insert into organisations (kind, name, slug) values ('network', 'Réseau', 'bench-network');
    insert into organisations (kind, name, slug) select 'landlord', 'Bailleur ' || g, 'bench-' || g from generate_series(1, 10) g;
    insert into network_memberships (network_id, member_id) select n.id, o.id from organisations n, organisations o where n.slug = 'bench-network' and o.slug like 'bench-%' and o.kind = 'landlord';
    insert into residences (organisation_id, reference, name, address, postcode, city)
      select o.id, o.slug || '-R' || g, 'Résidence ' || g, 'Rue ' || g, '13001', 'Marseille' from organisations o, generate_series(1, 1000) g
      where o.kind = 'landlord' and (o.slug = 'bench-1' or g <= 20);
    insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents)
      select r.organisation_id, r.id, r.reference || '-' || g, 1 + g % 5, g % 10, 40000 from residences r, generate_series(1, 146) g;
    insert into households (organisation_id, reference, name, members_count, channel)
      select organisation_id, 'H-' || reference, 'Foyer', 1 + (abs(hashtext(reference)) % 5), case when abs(hashtext(reference)) % 7 = 0 then 'paper' else 'email' end
      from dwellings where abs(hashtext(reference)) % 25 <> 0;
    insert into occupancies (organisation_id, household_id, dwelling_id, starts_on)
      select d.organisation_id, h.id, d.id, date '2010-01-01' + (abs(hashtext(d.reference)) % 5800)
      from dwellings d join households h on h.reference = 'H-' || d.reference and h.organisation_id = d.organisation_id;
    insert into households (organisation_id, reference, name) select organisation_id, 'P-' || reference, 'Ancien foyer' from dwellings where abs(hashtext(reference)) % 5 = 0;
    insert into occupancies (organisation_id, household_id, dwelling_id, starts_on, ends_on)
      select d.organisation_id, h.id, d.id, date '2005-01-01', date '2009-12-31' + (abs(hashtext(d.reference)) % 6000) / 1000
      from dwellings d join households h on h.reference = 'P-' || d.reference and h.organisation_id = d.organisation_id;
    insert into impact_network_shares (organisation_id, network_id, indicator_key)
      select m.member_id, m.network_id, k from network_memberships m, unnest(array['occupancy_rate','paper_share','household_size','turnover_rate']) k;
    analyze;`);
  const counts = await database.owner.query(
    "select (select count(*) from dwellings d join organisations o on o.id = d.organisation_id where o.slug = 'bench-1')::int as dwellings, (select count(*) from occupancies)::int as occupancies",
  );
  log.info(counts.rows[0], 'data');
  const org = await database.owner.query("select id from organisations where slug in ('bench-1', 'bench-network') order by slug");
  const actor = (orgId: string, role: 'programme_manager' | 'network_member'): Actor => ({
    kind: 'user',
    userId: '00000000-0000-0000-0000-000000000000',
    displayName: 'bench',
    locale: 'fr',
    orgId,
    roles: [role],
    residenceIds: null,
    householdId: null,
    actingFor: null,
    tokenScopes: null,
  });
  const landlord = actor(org.rows[0].id, 'programme_manager');
  const network = actor(org.rows[1].id, 'network_member');
  const p = periodOf(2026);
  if (process.env.BENCH_KEEP) log.info({ database: name, org: landlord.orgId }, 'kept');
  else
    await timed('residenceFigures (one query, 1,000 residences)', 5, () =>
      withTenant(database.db, { orgId: landlord.orgId }, (tx) => import('../../directory/index.js').then((d) => d.residenceFigures(tx, p))),
    );
  if (!process.env.BENCH_KEEP) await timed('landlord dashboard (period + previous, 9 indicators)', 5, () => dashboard(database.db, landlord, { period: p, residenceId: null }));
  if (!process.env.BENCH_KEEP) await timed('network benchmark (10 members, 4 indicators)', 5, () => benchmark(database.db, network, network.orgId as string, p));
} finally {
  await database.close();
  // BENCH_KEEP=1 leaves the database for EXPLAIN; drop it by hand afterwards.
  if (!process.env.BENCH_KEEP) await admin(`drop database if exists "${name}" with (force)`);
}
