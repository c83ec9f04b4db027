import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { addressConfidential } from '../../../platform/privacy/confidential-addresses.js';

/**
 * What a partner service needs to know of a household: who, where they live, how to reach them.
 * `dwellingReference` is '' when the household's address is confidential (a support case): the card is
 * copied into the partner's own records (the concierge's subscription), read there by people who are never
 * named on the landlord's case, so the dwelling is withheld whoever asks — the resident too. The residence
 * stays: the desk serves it, so subscribing there already says as much.
 */
export type HouseholdCard = { householdId: string; landlordId: string; reference: string; name: string; channel: string; dwellingReference: string; residenceId: string };

async function cardWhere(tx: Tx, landlordId: string, where: { id?: string; reference?: string }): Promise<HouseholdCard | null> {
  let q = tx
    .selectFrom('households as h')
    .innerJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
    .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
    .select(['h.id', 'h.reference', 'h.name', 'h.channel', 'd.residence_id'])
    // Evaluated in the landlord's context (where the card is read); not `addressHidden`: the reader is the partner, not this transaction's person.
    .select(sql<string>`case when ${addressConfidential(sql.ref('h.id'))} then '' else d.reference end`.as('dwelling_reference'))
    .where('h.organisation_id', '=', landlordId);
  if (where.id) q = q.where('h.id', '=', where.id);
  if (where.reference) q = q.where(sql`upper(h.reference)`, '=', where.reference.toUpperCase());
  const r = await q.executeTakeFirst();
  return r
    ? { householdId: r.id as string, landlordId, reference: r.reference as string, name: r.name as string, channel: r.channel as string, dwellingReference: r.dwelling_reference as string, residenceId: r.residence_id as string }
    : null;
}

/** The card of a household of the landlord whose context this is (a resident's own, for instance). */
export async function householdCard(db: Db, landlordId: string, householdId: string): Promise<HouseholdCard | null> {
  return withTenant(db, { orgId: landlordId }, (tx) => cardWhere(tx, landlordId, { id: householdId }));
}

/** The same card inside a transaction already in the landlord's context, so a page reads it with the rest. */
export function householdCardIn(tx: Tx, landlordId: string, householdId: string): Promise<HouseholdCard | null> {
  return cardWhere(tx, landlordId, { id: householdId });
}

/**
 * A partner's one narrow look into a landlord's households: an exact reference (printed on the rent
 * receipt, given by the resident at the counter), never a list, and only while the partnership stands.
 * The partnership is checked in the partner's own context, where RLS shows it only its partnerships.
 */
export async function householdCardForPartner(db: Db, partnerId: string, landlordId: string, reference: string): Promise<HouseholdCard | null> {
  const partnered = await withTenant(db, { orgId: partnerId }, (tx) =>
    tx.selectFrom('partnerships').select('id').where('organisation_id', '=', landlordId).where('partner_id', '=', partnerId).executeTakeFirst(),
  );
  if (!partnered) return null;
  return withTenant(db, { orgId: landlordId }, (tx) => cardWhere(tx, landlordId, { reference: reference.trim() }));
}
