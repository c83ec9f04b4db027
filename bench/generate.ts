// Deterministic landlord-scale data, generated inside PostgreSQL (generate_series with arithmetic
// "randomness"), so two runs build the same rows. Reports its own time.
import type pg from 'pg';

export type Scale = { residences: number; dwellingsPerResidence: number; auditRows: number };
export const SCALES: Record<string, Scale> = {
  quick: { residences: 40, dwellingsPerResidence: 50, auditRows: 20_000 },
  landlord: { residences: 1_500, dwellingsPerResidence: 97, auditRows: 500_000 },
  national: { residences: 55_000, dwellingsPerResidence: 98, auditRows: 2_000_000 },
};

/** Fills one landlord ("bench-landlord") with residences, buildings, dwellings, households, occupancies and audit rows. */
export async function generate(owner: pg.Pool, scale: Scale): Promise<{ seconds: number; dwellings: number; households: number }> {
  const t0 = performance.now();
  const org = await owner.query<{ id: string }>("insert into organisations (kind, name, slug) values ('landlord', 'Bailleur de mesure', 'bench-landlord') on conflict (slug) do update set name = excluded.name returning id");
  const orgId = org.rows[0].id;
  const c = await owner.connect();
  try {
    await c.query('begin');
    await c.query('insert into agencies (organisation_id, name) select $1, $2 where not exists (select 1 from agencies where organisation_id = $1)', [orgId, 'Agence principale']);
    await c.query(
      `insert into residences (organisation_id, agency_id, reference, name, kind, address, postcode, city, latitude, longitude)
       select $1, (select id from agencies where organisation_id = $1 limit 1), 'BR-' || lpad(i::text, 5, '0'), 'Résidence ' || i,
              (array['ordinary','ordinary','ordinary','intergenerational','social_residence','student'])[1 + i % 6],
              i || ' rue de la Mesure', lpad((10000 + (i * 37) % 85000)::text, 5, '0'), 'Ville ' || (i % 300), 43 + (i % 700) / 100.0, 1 + (i % 600) / 100.0
       from generate_series(1, $2) i`,
      [orgId, scale.residences],
    );
    await c.query(
      `insert into buildings (organisation_id, residence_id, reference, name)
       select $1, r.id, r.reference || '-A', 'Bâtiment A' from residences r where r.organisation_id = $1`,
      [orgId],
    );
    await c.query(
      `insert into dwellings (organisation_id, residence_id, building_id, reference, rooms, floor, rent_cents)
       select $1, r.id, b.id, r.reference || '-' || lpad(n::text, 4, '0'), 1 + (n * 7) % 5, (n / 6)::int % 15, 25000 + ((n * 7919) % 60) * 1000
       from residences r join buildings b on b.residence_id = r.id, generate_series(1, $2) n
       where r.organisation_id = $1`,
      [orgId, scale.dwellingsPerResidence],
    );
    await c.query(
      `insert into households (organisation_id, reference, name, members_count, channel)
       select $1, 'H-' || d.reference, 'Foyer ' || d.reference, 1 + (abs(hashtext(d.reference)) % 5), (array['email','sms','paper'])[1 + abs(hashtext(d.reference)) % 3]
       from dwellings d where d.organisation_id = $1 and abs(hashtext(d.reference)) % 20 <> 0`,
      [orgId],
    );
    await c.query(
      `insert into occupancies (organisation_id, household_id, dwelling_id, starts_on)
       select $1, h.id, d.id, date '2005-01-01' + (abs(hashtext(d.reference)) % 7000)
       from households h join dwellings d on d.organisation_id = $1 and h.reference = 'H-' || d.reference
       where h.organisation_id = $1`,
      [orgId],
    );
    await c.query(
      `insert into audit_events (organisation_id, action, target_type, target_id, at)
       select $1, (array['auth.signin','directory.import','assist.started','auth.signout'])[1 + i % 4], 'user', i::text, now() - make_interval(mins => i)
       from generate_series(1, $2) i`,
      [orgId, scale.auditRows],
    );
    await c.query('commit');
  } catch (e) {
    await c.query('rollback');
    throw e;
  } finally {
    c.release();
  }
  await owner.query('analyze');
  const counts = await owner.query('select (select count(*) from dwellings where organisation_id = $1)::int as d, (select count(*) from households where organisation_id = $1)::int as h', [orgId]);
  return { seconds: (performance.now() - t0) / 1000, dwellings: counts.rows[0].d, households: counts.rows[0].h };
}
