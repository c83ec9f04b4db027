import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// The programme manager's settings (house rules shown before a booking) and the facilitator's support log:
// minimal data by design — a household or nobody (anonymous), a topic and an outcome from fixed lists, no free text.
export const migration: Migration = {
  id: '20261205090000_spaces_config_support',
  sql: `
ALTER TABLE spaces ADD COLUMN house_rules text NOT NULL DEFAULT '' CHECK (length(house_rules) <= 4000);

CREATE TABLE space_support_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces,
  residence_id uuid NOT NULL REFERENCES residences,
  -- NULL: the person stayed anonymous.
  household_id uuid REFERENCES households,
  held_on date NOT NULL,
  minutes smallint NOT NULL CHECK (minutes BETWEEN 5 AND 480),
  topic text NOT NULL CHECK (topic IN ('job_search', 'cv', 'training', 'admin_procedure', 'digital_skills', 'business_creation', 'association')),
  outcome text CHECK (outcome IS NULL OR outcome IN ('job_found', 'training_entered', 'procedure_completed')),
  recorded_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX space_support_sessions_held ON space_support_sessions (organisation_id, held_on);
CREATE INDEX space_support_sessions_space ON space_support_sessions (space_id, held_on);
${tenantTable('space_support_sessions')}`,
};
