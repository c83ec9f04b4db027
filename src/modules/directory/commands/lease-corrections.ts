import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { isDay, type LeaseResult } from './leases.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const refuse = (field: string, error: string): LeaseResult => ({ ok: false, field, error });

type Stay = { id: string; organisation_id: string; dwelling_id: string; starts_on: string; ends_on: string | null; follows_occupancy_id: string | null };
const STAY = ['id', 'organisation_id', 'dwelling_id', sql<string>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on'), 'follows_occupancy_id'] as const;

/**
 * Moves the day a lease passed to the household (a slide typed wrong): the direct lease's first day becomes
 * `on` and the sublease it follows ends the day before, both rows in the caller's transaction. Only while
 * the direct lease on `dwellingId` is the household's open occupancy (locked, as a transfer is); `on` must
 * be after the sublease's first day (`transferTooEarly`) and differ from the current day (`sameDay`).
 * Refused, nothing written: no open direct lease following a sublease there (`noTransfer`), a bad date.
 * Audited `directory.lease.transfer.correct` with the old and new day.
 */
export async function correctLeaseTransfer(tx: Tx, actor: Actor | null, input: { householdId: string; dwellingId: string; on: string }): Promise<LeaseResult & { from?: string }> {
  if (!isDay(input.on)) return refuse('on', 'directory.lease.badDate');
  if (!UUID.test(input.householdId)) return refuse('householdId', 'directory.lease.noTransfer');
  const direct = (await tx.selectFrom('occupancies').select(STAY).where('household_id', '=', input.householdId).where('ends_on', 'is', null).forUpdate().executeTakeFirst()) as Stay | undefined;
  if (!direct?.follows_occupancy_id || direct.dwelling_id !== input.dwellingId) return refuse('householdId', 'directory.lease.noTransfer');
  const sublease = (await tx.selectFrom('occupancies').select(STAY).where('id', '=', direct.follows_occupancy_id).forUpdate().executeTakeFirst()) as Stay | undefined;
  if (!sublease) return refuse('householdId', 'directory.lease.noTransfer');
  if (input.on <= sublease.starts_on) return refuse('on', 'directory.lease.transferTooEarly');
  if (input.on === direct.starts_on) return refuse('on', 'directory.lease.sameDay');
  await tx.updateTable('occupancies').set({ ends_on: sql`${input.on}::date - 1` }).where('id', '=', sublease.id).execute();
  await tx.updateTable('occupancies').set({ starts_on: input.on }).where('id', '=', direct.id).execute();
  await audit(tx, { action: 'directory.lease.transfer.correct', actor, organisationId: direct.organisation_id, targetType: 'household', targetId: input.householdId, details: { dwelling: direct.dwelling_id, from: direct.starts_on, to: input.on } });
  return { ok: true, occupancyId: direct.id, dwellingId: direct.dwelling_id, from: direct.starts_on };
}

/**
 * Moves the last day of the household's occupancy of `dwellingId` that ended on `from` (a lease ended
 * otherwise, its day typed wrong) to `on`. Refused, nothing written: no such occupancy (`noOccupancy`),
 * `on` before it began (`endsTooEarly`), the same day (`sameDay`), or a later end that would overlap another
 * household's occupancy of the dwelling (`endOverlapsOther`) or the household's own next occupancy
 * (`endOverlapsNext`). Audited `directory.lease.end.correct` with the old and new day.
 */
export async function correctOccupancyEnd(tx: Tx, actor: Actor | null, input: { householdId: string; dwellingId: string; from: string; on: string }): Promise<LeaseResult> {
  if (!isDay(input.on)) return refuse('on', 'directory.lease.badDate');
  if (!UUID.test(input.householdId) || !UUID.test(input.dwellingId) || !isDay(input.from)) return refuse('householdId', 'directory.lease.noOccupancy');
  // The household's current occupancy is locked first, as every change of its tenancy does, then the one corrected.
  await tx.selectFrom('occupancies').select('id').where('household_id', '=', input.householdId).where('ends_on', 'is', null).forUpdate().execute();
  const stay = (await tx
    .selectFrom('occupancies')
    .select(STAY)
    .where('household_id', '=', input.householdId)
    .where('dwelling_id', '=', input.dwellingId)
    .where('ends_on', '=', sql<Date>`${input.from}::date`)
    .forUpdate()
    .executeTakeFirst()) as Stay | undefined;
  if (!stay) return refuse('householdId', 'directory.lease.noOccupancy');
  if (input.on < stay.starts_on) return refuse('on', 'directory.lease.endsTooEarly');
  if (input.on === input.from) return refuse('on', 'directory.lease.sameDay');
  if (input.on > input.from) {
    // The days the later end adds, (from, on], must be nobody else's in that dwelling, nor the household's elsewhere.
    const overlapping = (other: 'dwelling' | 'household') =>
      tx
        .selectFrom('occupancies')
        .select('id')
        .where('id', '<>', stay.id)
        .where(other === 'dwelling' ? 'dwelling_id' : 'household_id', '=', other === 'dwelling' ? input.dwellingId : input.householdId)
        .where(other === 'dwelling' ? 'household_id' : 'id', '<>', other === 'dwelling' ? input.householdId : stay.id)
        .where('starts_on', '<=', sql<Date>`${input.on}::date`)
        .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>', sql<Date>`${input.from}::date`)]))
        .executeTakeFirst();
    if (await overlapping('dwelling')) return refuse('on', 'directory.lease.endOverlapsOther');
    if (await overlapping('household')) return refuse('on', 'directory.lease.endOverlapsNext');
  }
  await tx.updateTable('occupancies').set({ ends_on: input.on }).where('id', '=', stay.id).execute();
  await audit(tx, { action: 'directory.lease.end.correct', actor, organisationId: stay.organisation_id, targetType: 'household', targetId: input.householdId, details: { dwelling: stay.dwelling_id, from: input.from, to: input.on } });
  return { ok: true, occupancyId: stay.id, dwellingId: stay.dwelling_id };
}
