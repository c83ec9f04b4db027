import { sql } from 'kysely';
import type { ResidenceRow } from './rows.js';
import type { BatchWriter, FileColumns } from './types.js';

// Columns a file may leave out: then the existing values stay as they are.
const OPTIONAL_SET: Record<string, string> = {
  kind: 'kind = excluded.kind',
  latitude: 'latitude = excluded.latitude',
  longitude: 'longitude = excluded.longitude',
  agency: 'agency_id = excluded.agency_id',
};

/** Upserts residences by the landlord's reference; agencies named in the file are created once. */
export function residenceWriter(orgId: string, cols: FileColumns): BatchWriter<ResidenceRow> {
  const set = ['name = excluded.name', 'address = excluded.address', 'postcode = excluded.postcode', 'city = excluded.city'];
  for (const [field, clause] of Object.entries(OPTIONAL_SET)) if (cols.present.has(field)) set.push(clause);
  return {
    reset: () => {},
    write: async (tx, batch) => {
      const rows = batch.map((b) => b.row);
      const agencies = [...new Set(rows.map((r) => r.agency).filter((a): a is string => !!a))];
      if (agencies.length) {
        await sql`insert into agencies (organisation_id, name) select ${orgId}::uuid, n from unnest(${agencies}::text[]) as n
                  on conflict (organisation_id, name) do nothing`.execute(tx);
      }
      const result = await sql<{ inserted: boolean }>`
        insert into residences (organisation_id, reference, name, kind, address, postcode, city, latitude, longitude, agency_id)
        select ${orgId}::uuid, r.reference, r.name, coalesce(r.kind, 'ordinary'), r.address, r.postcode, r.city, r.latitude, r.longitude, a.id
        from unnest(${rows.map((r) => r.reference)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.kind)}::text[],
                    ${rows.map((r) => r.address)}::text[], ${rows.map((r) => r.postcode)}::text[], ${rows.map((r) => r.city)}::text[],
                    ${rows.map((r) => r.latitude)}::float8[], ${rows.map((r) => r.longitude)}::float8[], ${rows.map((r) => r.agency)}::text[])
             as r(reference, name, kind, address, postcode, city, latitude, longitude, agency)
        left join agencies a on a.organisation_id = ${orgId}::uuid and a.name = r.agency
        on conflict (organisation_id, reference) do update set ${sql.raw(set.join(', '))}
        returning (xmax = 0) as inserted`.execute(tx);
      const inserted = result.rows.filter((r) => r.inserted).length;
      return { inserted, updated: result.rows.length - inserted, rejected: [] };
    },
  };
}
