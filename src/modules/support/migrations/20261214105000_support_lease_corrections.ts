import type { Migration } from '../../../platform/db/migration.js';
import { needToKnowTable } from './need-to-know-sql.js';

// A sliding lease's days corrected after the fact (the slide's day, the last day of a lease ended otherwise):
// each correction keeps the old and new day, why and who, under the case's own need-to-know (as its stage
// history). Anonymisation empties the reason (free text); deleting the case deletes them.
// A planned end: a lease's last day to come, with its reason, kept on the case until the daily job
// (support.lease-planned-ends) applies it; the register is not touched before that day.
export const migration: Migration = {
  id: '20261214105000_support_lease_corrections',
  sql: `
CREATE TABLE support_lease_corrections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('slide', 'end')),
  old_on date NOT NULL,
  new_on date NOT NULL,
  reason text NOT NULL,
  corrected_by uuid REFERENCES users ON DELETE SET NULL,
  corrected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_lease_corrections_case ON support_lease_corrections (case_id, corrected_at);
${needToKnowTable('support_lease_corrections', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_lease_corrections.case_id)')}

ALTER TABLE support_cases ADD COLUMN lease_end_planned_on date;
ALTER TABLE support_cases ADD COLUMN lease_end_planned_reason text CHECK (lease_end_planned_reason IN ('family_left', 'eviction', 'rehoused_elsewhere', 'other'));
ALTER TABLE support_cases ADD COLUMN lease_end_planned_text text;
ALTER TABLE support_cases ADD CONSTRAINT support_cases_lease_end_plan CHECK ((lease_end_planned_on IS NULL) = (lease_end_planned_reason IS NULL));
CREATE INDEX support_cases_lease_end_planned ON support_cases (lease_end_planned_on) WHERE lease_end_planned_on IS NOT NULL;
`,
};
