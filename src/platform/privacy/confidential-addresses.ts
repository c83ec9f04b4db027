import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Where a household lives can be confidential (a victim of domestic violence): a module that knows it
 * (support, through its cases) registers a source here, and the modules that show addresses (directory)
 * ask here, so neither reaches into the other's internals.
 *
 * A source is SQL, not a list, so the filter runs inside the query that reads the addresses (lists,
 * searches, exports) and the limit, count and search apply after it. It is evaluated in the caller's
 * transaction: the person is `app.user_id` (withTenant's userId) — without one, nobody is named and
 * every confidential address is hidden.
 */
export type ConfidentialAddressSource = {
  /** One column of household ids whose address the person of the transaction may NOT see. */
  hiddenHouseholds: () => RawBuilder<unknown>;
  /** One column of household ids whose address is confidential at all (to audit the reads of those allowed). */
  confidentialHouseholds: () => RawBuilder<unknown>;
};

const sources = new Map<string, ConfidentialAddressSource>();

/** Registers (or replaces) a module's source; called once in the module's setup. */
export function registerConfidentialAddresses(module: string, source: ConfidentialAddressSource): void {
  sources.set(module, source);
}

function memberOf(householdId: Expression<unknown>, pick: (s: ConfidentialAddressSource) => RawBuilder<unknown>): RawBuilder<boolean> {
  const all = [...sources.values()];
  if (all.length === 0) return sql<boolean>`false`;
  // coalesce: a household id that is null (no household on the row) is simply not hidden, so `not` stays usable.
  return sql<boolean>`coalesce(${householdId} in (${sql.join(all.map(pick), sql` union all `)}), false)`;
}

/**
 * SQL true when this household's address (dwelling, residence, where it lived) must not be shown to the
 * person of the transaction. A null household id gives false.
 * @example tx.selectFrom('households as h').select(addressHidden(sql.ref('h.id')).as('hidden'))
 */
export function addressHidden(householdId: Expression<unknown>): RawBuilder<boolean> {
  return memberOf(householdId, (s) => s.hiddenHouseholds());
}

/** SQL true when this household's address is confidential, whoever reads it (for the audit of named readers). */
export function addressConfidential(householdId: Expression<unknown>): RawBuilder<boolean> {
  return memberOf(householdId, (s) => s.confidentialHouseholds());
}

/**
 * Copies of an address kept elsewhere (the concierge desk's subscription, taken before the address became
 * confidential) must be forgotten when it is marked. The module that marks (support) calls
 * `addressMarkedConfidential` in its own transaction, in the landlord's context; each module holding copies
 * registers what to forget, so neither reaches into the other's tables.
 */
export type AddressMarkedListener = (tx: Tx, household: { landlordId: string; householdId: string }) => Promise<void>;

const markedListeners = new Map<string, AddressMarkedListener>();

/** Registers (or replaces) a module's listener; called once when the module loads. */
export function onAddressMarkedConfidential(module: string, listener: AddressMarkedListener): void {
  markedListeners.set(module, listener);
}

/** Tells every registered module that this household's address is now confidential (same transaction: all or nothing). */
export async function addressMarkedConfidential(tx: Tx, household: { landlordId: string; householdId: string }): Promise<void> {
  for (const listener of markedListeners.values()) await listener(tx, household);
}
