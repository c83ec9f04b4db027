import { sql } from 'kysely';
import { registerConfidentialAddresses } from '../../platform/privacy/confidential-addresses.js';

/**
 * Support knows which households' addresses are confidential (a case marked so) and who is named to see
 * them; it tells the platform, so the directory's pages, lists and exports hide them too (docs/support.md).
 * The SQL functions are SECURITY DEFINER (migration 20261213100000_support_address_hidden).
 */
export function registerSupportConfidentialAddresses(): void {
  registerConfidentialAddresses('support', {
    hiddenHouseholds: () => sql`select support_hidden_households()`,
    confidentialHouseholds: () => sql`select support_confidential_households()`,
  });
}
