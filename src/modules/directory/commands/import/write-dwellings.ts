import { sql } from 'kysely';
import type { Tx } from '../../../../platform/db/tenant.js';
import { referenceCache } from './lookups.js';
import type { DwellingRow } from './rows.js';
import { type BatchWriter, type FileColumns, label, type Numbered, type Rejection } from './types.js';

type Building = { id: string; residence_id: string; reference: string; name: string };

/**
 * Upserts dwellings by reference. The residence column names a residence by its reference; the
 * building column names a building of that residence by its reference or its name ("A",
 * "Bâtiment A"); an unknown building is created with the reference `<residence>-<value>`.
 */
export function dwellingWriter(orgId: string, cols: FileColumns): BatchWriter<DwellingRow> {
  const residences = referenceCache('residences', orgId);
  const buildings = new Map<string, Building[]>();
  const set = ['residence_id = excluded.residence_id', 'rooms = excluded.rooms', 'floor = excluded.floor', 'rent_cents = excluded.rent_cents'];
  if (cols.present.has('building')) set.push('building_id = excluded.building_id');

  async function buildingsOf(tx: Tx, residenceIds: string[]): Promise<void> {
    const missing = [...new Set(residenceIds.filter((id) => !buildings.has(id)))];
    if (!missing.length) return;
    const found = await sql<Building>`select id, residence_id, reference, name from buildings where residence_id = any(${missing}::uuid[])`.execute(tx);
    for (const id of missing) buildings.set(id, []);
    for (const b of found.rows) buildings.get(b.residence_id)?.push(b);
  }

  const match = (residenceId: string, residenceRef: string, value: string) =>
    buildings.get(residenceId)?.find((b) => b.reference === value || b.name === value || b.reference === `${residenceRef}-${value}`);

  return {
    reset: () => {
      residences.reset();
      buildings.clear();
    },
    write: async (tx, batch) => {
      const ids = await residences.resolve(tx, batch.map((b) => b.row.residence));
      const rejected: Rejection[] = [];
      const ok: Numbered<DwellingRow & { residenceId: string }>[] = [];
      for (const b of batch) {
        const residenceId = ids.get(b.row.residence);
        if (residenceId) ok.push({ line: b.line, row: { ...b.row, residenceId } });
        else rejected.push({ line: b.line, reference: b.row.reference, errors: [{ column: label(cols, 'residence'), key: 'directory.import.error.residenceNotFound', values: { reference: b.row.residence } }] });
      }
      await buildingsOf(tx, ok.map((b) => b.row.residenceId));
      const toCreate = new Map<string, { residenceId: string; reference: string; name: string }>();
      for (const { row } of ok) {
        if (row.building && !match(row.residenceId, row.residence, row.building)) {
          const reference = `${row.residence}-${row.building}`;
          toCreate.set(reference, { residenceId: row.residenceId, reference, name: row.building });
        }
      }
      if (toCreate.size) {
        const list = [...toCreate.values()];
        const created = await sql<Building>`
          insert into buildings (organisation_id, residence_id, reference, name)
          select ${orgId}::uuid, r, f, n from unnest(${list.map((b) => b.residenceId)}::uuid[], ${list.map((b) => b.reference)}::text[], ${list.map((b) => b.name)}::text[]) as x(r, f, n)
          on conflict (organisation_id, reference) do nothing
          returning id, residence_id, reference, name`.execute(tx);
        for (const b of created.rows) buildings.get(b.residence_id)?.push(b);
      }
      const rows: (DwellingRow & { residenceId: string; buildingId: string | null })[] = [];
      for (const b of ok) {
        const building = b.row.building ? match(b.row.residenceId, b.row.residence, b.row.building) : null;
        // The generated reference may already belong to a building of another residence.
        if (b.row.building && !building) {
          rejected.push({ line: b.line, reference: b.row.reference, errors: [{ column: label(cols, 'building'), key: 'directory.import.error.buildingElsewhere', values: { reference: b.row.building } }] });
        } else rows.push({ ...b.row, buildingId: building?.id ?? null });
      }
      if (!rows.length) return { inserted: 0, updated: 0, rejected };
      const result = await sql<{ inserted: boolean }>`
        insert into dwellings (organisation_id, reference, residence_id, building_id, rooms, floor, rent_cents)
        select ${orgId}::uuid, d.* from unnest(${rows.map((r) => r.reference)}::text[], ${rows.map((r) => r.residenceId)}::uuid[], ${rows.map((r) => r.buildingId)}::uuid[],
                    ${rows.map((r) => r.rooms)}::int2[], ${rows.map((r) => r.floor)}::int2[], ${rows.map((r) => r.rent)}::int4[]) as d
        on conflict (organisation_id, reference) do update set ${sql.raw(set.join(', '))}
        returning (xmax = 0) as inserted`.execute(tx);
      const inserted = result.rows.filter((r) => r.inserted).length;
      return { inserted, updated: result.rows.length - inserted, rejected };
    },
  };
}
