import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, IN_TEAM, MANAGES, ME } from './need-to-know-sql.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
const MARKED = (c: string) => `${c}.organisation_id = ${ORG} AND ${c}.confidential_address AND ${c}.anonymised_at IS NULL`;

/**
 * The households whose address other modules must hide (platform/privacy/confidential-addresses.ts):
 * those with a case marked "confidential address" on which the person of the transaction is not named
 * (or is named but no longer follows the case: assigned, in the team, its manager — as the case page
 * shows it), unless that person is the one the case is about. Other members of the household are not exempt, as in
 * support_household_protected: a violent partner may be one of them. SECURITY DEFINER
 * because such cases are invisible to directory staff; they answer household ids only, never which case,
 * programme or reader.
 */
export const migration: Migration = {
  id: '20261213100000_support_address_hidden',
  sql: `
CREATE INDEX support_cases_confidential ON support_cases (organisation_id, household_id) WHERE confidential_address AND anonymised_at IS NULL;

CREATE FUNCTION support_confidential_households()
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT c.household_id FROM support_cases c WHERE ${MARKED('c')}
$$;

CREATE FUNCTION support_hidden_households()
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.household_id FROM support_cases c
  WHERE ${MARKED('c')}
  GROUP BY c.household_id
  HAVING NOT bool_or(
      coalesce(c.person_user_id = ${ME}, false)
      OR (EXISTS (SELECT 1 FROM support_address_readers r WHERE r.case_id = c.id AND r.user_id = ${ME})
        AND (${ASSIGNED('c.id')} OR ${MANAGES('c.programme_id')} OR ${IN_TEAM('c.programme_id')})))
$$;

REVOKE ALL ON FUNCTION support_confidential_households() FROM PUBLIC;
REVOKE ALL ON FUNCTION support_hidden_households() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_confidential_households() TO palier_app;
GRANT EXECUTE ON FUNCTION support_hidden_households() TO palier_app;`,
};
