import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Tx } from '../../../platform/db/tenant.js';

/** A change of the tenancy register: done, or refused with the field at fault and a catalogue key (nothing written). */
export type LeaseResult = { ok: true; occupancyId: string; dwellingId: string } | { ok: false; field: string; error: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one), so PostgreSQL never sees a bad date. */
export function isDay(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return DAY.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const refuse = (field: string, error: string): LeaseResult => ({ ok: false, field, error });

type Current = { id: string; dwelling_id: string; starts_on: string; lease_holder_org_id: string | null; follows_occupancy_id: string | null };

/** The household's open occupancy, locked: two changes of one household's tenancy are made one after the other. */
async function currentOccupancy(tx: Tx, householdId: string): Promise<Current | undefined> {
  return (await tx
    .selectFrom('occupancies')
    .select(['id', 'dwelling_id', sql<string>`starts_on::text`.as('starts_on'), 'lease_holder_org_id', 'follows_occupancy_id'])
    .where('household_id', '=', householdId)
    .where('ends_on', 'is', null)
    .forUpdate()
    .executeTakeFirst()) as Current | undefined;
}

/**
 * Records in the register that a partner association holds the lease of the household's dwelling and
 * sublets it to the household (a sliding lease). When the register already has the household in that
 * dwelling, its occupancy is marked as sublet (its dates are the register's); when the household lives
 * elsewhere, that occupancy ends the day before `startsOn` and the sublease opens on `startsOn`. The
 * association must be a partner of the landlord; a dwelling another household occupies is refused.
 * Call inside the landlord's withTenant transaction; audited `directory.lease.sublet`.
 */
export async function recordSublease(tx: Tx, actor: Actor | null, input: { householdId: string; dwellingId: string; partnerOrgId: string; startsOn: string }): Promise<LeaseResult> {
  const orgId = actor?.orgId ?? null;
  if (!UUID.test(input.householdId) || !(await tx.selectFrom('households').select('id').where('id', '=', input.householdId).executeTakeFirst())) return refuse('householdId', 'directory.lease.unknownHousehold');
  if (!UUID.test(input.dwellingId) || !(await tx.selectFrom('dwellings').select('id').where('id', '=', input.dwellingId).executeTakeFirst())) return refuse('dwellingId', 'directory.lease.unknownDwelling');
  const partner = UUID.test(input.partnerOrgId)
    ? await tx.selectFrom('partnerships').select('organisation_id').where('partner_id', '=', input.partnerOrgId).where('organisation_id', '=', sql<string>`nullif(current_setting('app.org_id', true), '')::uuid`).executeTakeFirst()
    : undefined;
  if (!partner) return refuse('partnerOrgId', 'directory.lease.notPartner');
  if (!isDay(input.startsOn)) return refuse('startsOn', 'directory.lease.badDate');
  const current = await currentOccupancy(tx, input.householdId);
  let occupancyId: string;
  if (current && current.dwelling_id === input.dwellingId) {
    // The household already took the lease over: subletting it again would rewrite what happened.
    if (current.follows_occupancy_id) return refuse('dwellingId', 'directory.lease.alreadyTransferred');
    await tx.updateTable('occupancies').set({ lease_holder_org_id: input.partnerOrgId }).where('id', '=', current.id).execute();
    occupancyId = current.id;
  } else {
    const taken = await tx.selectFrom('occupancies').select('id').where('dwelling_id', '=', input.dwellingId).where('ends_on', 'is', null).where('household_id', '<>', input.householdId).executeTakeFirst();
    if (taken) return refuse('dwellingId', 'directory.lease.dwellingOccupied');
    if (current) {
      if (input.startsOn <= current.starts_on) return refuse('startsOn', 'directory.lease.startsTooEarly');
      await tx.updateTable('occupancies').set({ ends_on: sql`${input.startsOn}::date - 1` }).where('id', '=', current.id).execute();
    }
    const row = await tx
      .insertInto('occupancies')
      .values({ organisation_id: partner.organisation_id, household_id: input.householdId, dwelling_id: input.dwellingId, starts_on: input.startsOn, lease_holder_org_id: input.partnerOrgId })
      .returning('id')
      .executeTakeFirstOrThrow();
    occupancyId = row.id as string;
  }
  await audit(tx, { action: 'directory.lease.sublet', actor, organisationId: orgId ?? partner.organisation_id, targetType: 'household', targetId: input.householdId, details: { dwelling: input.dwellingId, holder: input.partnerOrgId } });
  return { ok: true, occupancyId, dwellingId: input.dwellingId };
}

/**
 * The lease passes from the association to the household ("le bail glisse"): the sublet occupancy ends
 * the day before `on` and a direct lease on the same dwelling opens on `on`, naming the sublease it
 * follows (unique: one transfer per sublease, even under two simultaneous requests — the second finds no
 * open sublease). When `dwellingId` is given, the sublease must be on that dwelling. Refused, nothing
 * written, when the register has no open sublease for the household. Call inside the landlord's
 * withTenant transaction; audited `directory.lease.transfer`.
 */
export async function transferLease(tx: Tx, actor: Actor | null, input: { householdId: string; on: string; dwellingId?: string | null }): Promise<LeaseResult> {
  if (!isDay(input.on)) return refuse('on', 'directory.lease.badDate');
  if (!UUID.test(input.householdId)) return refuse('householdId', 'directory.lease.noSublease');
  const current = await currentOccupancy(tx, input.householdId);
  if (!current?.lease_holder_org_id) return refuse('householdId', 'directory.lease.noSublease');
  if (input.dwellingId && input.dwellingId !== current.dwelling_id) return refuse('dwellingId', 'directory.lease.otherDwelling');
  // The sublease must have lasted at least a day: its last day is the day before the transfer.
  if (input.on <= current.starts_on) return refuse('on', 'directory.lease.transferTooEarly');
  const ended = await tx.updateTable('occupancies').set({ ends_on: sql`${input.on}::date - 1` }).where('id', '=', current.id).where('ends_on', 'is', null).returning('organisation_id').executeTakeFirst();
  if (!ended) return refuse('householdId', 'directory.lease.noSublease');
  const row = await tx
    .insertInto('occupancies')
    .values({ organisation_id: ended.organisation_id, household_id: input.householdId, dwelling_id: current.dwelling_id, starts_on: input.on, lease_holder_org_id: null, follows_occupancy_id: current.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, { action: 'directory.lease.transfer', actor, organisationId: ended.organisation_id as string, targetType: 'household', targetId: input.householdId, details: { dwelling: current.dwelling_id, from: current.lease_holder_org_id, on: input.on } });
  return { ok: true, occupancyId: row.id as string, dwellingId: current.dwelling_id };
}

/**
 * A lease that ends without passing to the household (a sliding lease ended otherwise: the family left,
 * was evicted or rehoused): the household's open occupancy of `dwellingId` ends on `on`, its last day.
 * Refused, nothing written, when the register shows no open occupancy of that dwelling for the household
 * (`noOccupancy`: it already has the household elsewhere, or nowhere) or when `on` is before that
 * occupancy began. Call inside the landlord's withTenant transaction; audited `directory.lease.end`.
 */
export async function endOccupancy(tx: Tx, actor: Actor | null, input: { householdId: string; dwellingId: string; on: string }): Promise<LeaseResult> {
  if (!isDay(input.on)) return refuse('on', 'directory.lease.badDate');
  if (!UUID.test(input.householdId)) return refuse('householdId', 'directory.lease.noOccupancy');
  const current = await currentOccupancy(tx, input.householdId);
  if (!current || current.dwelling_id !== input.dwellingId) return refuse('householdId', 'directory.lease.noOccupancy');
  if (input.on < current.starts_on) return refuse('on', 'directory.lease.endsTooEarly');
  const ended = await tx.updateTable('occupancies').set({ ends_on: input.on }).where('id', '=', current.id).where('ends_on', 'is', null).returning('organisation_id').executeTakeFirst();
  if (!ended) return refuse('householdId', 'directory.lease.noOccupancy');
  await audit(tx, { action: 'directory.lease.end', actor, organisationId: ended.organisation_id as string, targetType: 'household', targetId: input.householdId, details: { dwelling: current.dwelling_id, holder: current.lease_holder_org_id, on: input.on } });
  return { ok: true, occupancyId: current.id, dwellingId: current.dwelling_id };
}
