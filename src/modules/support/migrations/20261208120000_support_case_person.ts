import type { Migration } from '../../../platform/db/migration.js';
import { ME } from './need-to-know-sql.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

/**
 * What a resident may read of the support cases, for their own data export ("My data"):
 * - the cases about them (`person_user_id`, the person a case is about, when the adviser knows it);
 * - the cases about their household as a whole (no person named) of an ordinary programme, without a
 *   confidential address.
 * Never a case about another member, never a sensitive programme's household case (a violent partner may
 * be a member of the household), never a case with a confidential address that is not about them.
 */
const SUBJECT = (c: string) => `(${c}.person_user_id = ${ME} OR (
  ${c}.person_user_id IS NULL AND NOT ${c}.confidential_address
  AND ${c}.household_id IN (SELECT m.household_id FROM memberships m WHERE m.user_id = ${ME} AND m.role = 'resident' AND m.organisation_id = ${ORG})
  AND ${c}.programme_id IN (SELECT p.id FROM support_programmes p WHERE p.sensitivity = 'normal')))`;

export const migration: Migration = {
  id: '20261208120000_support_case_person',
  sql: `
ALTER TABLE support_cases ADD COLUMN person_user_id uuid REFERENCES users ON DELETE SET NULL;
CREATE INDEX support_cases_person ON support_cases (person_user_id) WHERE person_user_id IS NOT NULL;

-- Read only, and only the rows above: steps, documents and eligibility answers follow (their policies
-- ask whether the case is visible); decisions say so themselves. Writes keep the need-to-know policies.
CREATE POLICY support_cases_subject ON support_cases FOR SELECT USING (organisation_id = ${ORG} AND ${SUBJECT('support_cases')});
CREATE POLICY support_decisions_subject ON support_decisions FOR SELECT USING (
  organisation_id = ${ORG} AND EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_decisions.case_id AND ${SUBJECT('c')}));

-- Whether a household holds an open case with a confidential address that is not about the caller
-- (app.user_id): their export then withholds the household's address and its other members. SECURITY
-- DEFINER because such a case is invisible to them; it answers yes or no, never which case.
CREATE FUNCTION support_household_protected(p_household uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM support_cases c
    WHERE c.organisation_id = ${ORG} AND c.household_id = p_household
      AND c.confidential_address AND c.anonymised_at IS NULL
      AND c.person_user_id IS DISTINCT FROM ${ME})
$$;
REVOKE ALL ON FUNCTION support_household_protected(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_household_protected(uuid) TO palier_app;`,
};
