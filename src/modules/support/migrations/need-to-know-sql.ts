import { tenantTable } from '../../../platform/db/migration.js';

// The person of the transaction (withTenant's userId); empty means nobody, so need-to-know rows stay hidden.
export const ME = "nullif(current_setting('app.user_id', true), '')::uuid";
const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

// Every column handed to these helpers must be qualified with its table: inside their subqueries an
// unqualified name would bind to the subquery's own column of the same name and match every row.

/** The programmes the person of the transaction manages. */
export const MANAGES = (programmeCol: string) => `${programmeCol} IN (SELECT p.id FROM support_programmes p WHERE p.manager_user_id = ${ME})`;
/** The person of the transaction is assigned to the case. */
export const ASSIGNED = (caseCol: string) => `EXISTS (SELECT 1 FROM support_case_assignments a WHERE a.case_id = ${caseCol} AND a.user_id = ${ME})`;
/** The person of the transaction is in the named team of the programme (support_programme_team). */
export const IN_TEAM = (programmeCol: string) => `${programmeCol} IN (SELECT t.programme_id FROM support_programme_team t WHERE t.user_id = ${ME})`;
/** The person of the transaction sits on a commission session whose agenda holds the dossier. */
export const SITS_ON = (dossierCol: string) =>
  `EXISTS (SELECT 1 FROM support_agenda_items ai JOIN support_session_members sm ON sm.session_id = ai.session_id WHERE ai.dossier_id = ${dossierCol} AND sm.user_id = ${ME})`;

/**
 * Row-level security narrower than the organisation: a row is visible only inside its organisation
 * AND when `condition` holds for the person of the transaction. Same guarantees as tenantTable
 * (enabled, forced, application role granted); writes are still bound to the organisation.
 */
export function needToKnowTable(table: string, condition: string): string {
  return `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY ${table}_need_to_know ON ${table} USING (organisation_id = ${ORG} AND (${condition})) WITH CHECK (organisation_id = ${ORG});
GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO palier_app;`;
}

export { tenantTable };
