import { sql } from 'kysely';
import { referenceCache } from './lookups.js';
import type { HouseholdRow } from './rows.js';
import { type BatchWriter, type FileColumns, label, type Rejection } from './types.js';

const OPTIONAL_SET: Record<string, string> = {
  email: 'email = excluded.email',
  phone: 'phone = excluded.phone',
  language: 'preferred_language = excluded.preferred_language',
  channel: 'channel = excluded.channel',
  members: 'members_count = excluded.members_count',
};

/**
 * Upserts households by reference and records where they live: a household given a dwelling it
 * does not occupy yet moves there on the entry date (the previous occupancy ends that day); the
 * same dwelling again only corrects the entry date. An empty dwelling cell changes nothing.
 */
export function householdWriter(orgId: string, cols: FileColumns): BatchWriter<HouseholdRow> {
  const dwellings = referenceCache('dwellings', orgId);
  const set = ['name = excluded.name'];
  for (const [field, clause] of Object.entries(OPTIONAL_SET)) if (cols.present.has(field)) set.push(clause);
  return {
    reset: () => dwellings.reset(),
    write: async (tx, batch) => {
      const ids = await dwellings.resolve(tx, batch.flatMap((b) => (b.row.dwelling ? [b.row.dwelling] : [])));
      const rejected: Rejection[] = [];
      const ok = batch.filter((b) => {
        if (!b.row.dwelling || ids.has(b.row.dwelling)) return true;
        rejected.push({ line: b.line, reference: b.row.reference, errors: [{ column: label(cols, 'dwelling'), key: 'directory.import.error.dwellingNotFound', values: { reference: b.row.dwelling } }] });
        return false;
      });
      if (!ok.length) return { inserted: 0, updated: 0, rejected };
      const rows = ok.map((b) => b.row);
      const result = await sql<{ id: string; reference: string; inserted: boolean }>`
        insert into households (organisation_id, reference, name, email, phone, preferred_language, channel, members_count)
        select ${orgId}::uuid, h.* from unnest(${rows.map((r) => r.reference)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.email)}::text[],
                    ${rows.map((r) => r.phone)}::text[], ${rows.map((r) => r.language)}::text[], ${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.members)}::int2[]) as h
        on conflict (organisation_id, reference) do update set ${sql.raw(set.join(', '))}
        returning id, reference, (xmax = 0) as inserted`.execute(tx);
      const householdIds = new Map(result.rows.map((r) => [r.reference, r.id]));
      const moves = rows.filter((r) => r.dwelling && r.startsOn);
      if (moves.length) {
        const h = moves.map((r) => householdIds.get(r.reference) as string);
        const d = moves.map((r) => ids.get(r.dwelling as string) as string);
        const s = moves.map((r) => r.startsOn as string);
        const input = sql`unnest(${h}::uuid[], ${d}::uuid[], ${s}::date[]) as i(household_id, dwelling_id, starts_on)`;
        await sql`update occupancies o set ends_on = greatest(i.starts_on, o.starts_on) from ${input}
                  where o.household_id = i.household_id and o.ends_on is null and o.dwelling_id <> i.dwelling_id`.execute(tx);
        await sql`update occupancies o set starts_on = i.starts_on from ${input}
                  where o.household_id = i.household_id and o.ends_on is null and o.dwelling_id = i.dwelling_id`.execute(tx);
        await sql`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on)
                  select ${orgId}::uuid, i.household_id, i.dwelling_id, i.starts_on from ${input}
                  where not exists (select 1 from occupancies o where o.household_id = i.household_id and o.ends_on is null)`.execute(tx);
      }
      const inserted = result.rows.filter((r) => r.inserted).length;
      return { inserted, updated: result.rows.length - inserted, rejected };
    },
  };
}
