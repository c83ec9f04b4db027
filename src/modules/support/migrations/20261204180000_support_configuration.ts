import type { Migration } from '../../../platform/db/migration.js';
import { needToKnowTable, tenantTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261204180000_support_configuration',
  sql: `
-- A programme is configuration: several partners, residences or residence types, eligibility
-- questions, and a retention rule saying from when (closure or last contact) and how (anonymise or delete).
ALTER TABLE support_programmes
  ADD COLUMN partner_org_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN residence_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN eligibility jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN retention_from text NOT NULL DEFAULT 'last_contact' CHECK (retention_from IN ('closure', 'last_contact')),
  ADD COLUMN retention_action text NOT NULL DEFAULT 'anonymise' CHECK (retention_action IN ('anonymise', 'delete')),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE support_programmes SET partner_org_ids = ARRAY[partner_org_id] WHERE partner_org_id IS NOT NULL;

-- Retention: a legal hold suspends it; an anonymised case keeps its programme, dates and stages, not its household.
ALTER TABLE support_cases
  ADD COLUMN legal_hold boolean NOT NULL DEFAULT false,
  ADD COLUMN anonymised_at timestamptz,
  ALTER COLUMN household_id DROP NOT NULL;
ALTER TABLE support_cases ADD CHECK (household_id IS NOT NULL OR anonymised_at IS NOT NULL);

-- Reminders: a step is reminded once (the job may run twice a day, or again after a restart).
ALTER TABLE support_case_steps ADD COLUMN reminded_at timestamptz;

-- What remains of deleted cases for the impact figures: counts, never a person.
CREATE TABLE support_case_counts (
  organisation_id uuid NOT NULL REFERENCES organisations,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  opened_year smallint NOT NULL,
  closed_year smallint NOT NULL,
  cases integer NOT NULL CHECK (cases >= 0),
  PRIMARY KEY (programme_id, opened_year, closed_year)
);
${tenantTable('support_case_counts')}

-- Documents of a case: the bytes live in the data directory under a random name; this row says what they are.
CREATE TABLE support_case_documents (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  storage_key text NOT NULL UNIQUE,
  uploaded_by uuid REFERENCES users,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_case_documents_case ON support_case_documents (case_id);
${needToKnowTable('support_case_documents', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_case_documents.case_id)')}`,
};
