import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261214100000_support_case_transfer',
  sql: `
-- A case moved to another programme of the landlord ("transfer", commands/transfer-case.ts): the old case is closed
-- with the outcome "transferred" and points to the new one, the new one points back. Columns of support_cases, so
-- the cases' own row-level security decides who reads them. A case deleted by retention leaves the other without
-- its link (SET NULL), never blocks the deletion. At most one case is ever opened from a given case: the unique
-- index stops a second transfer, whatever calls it.
ALTER TABLE support_cases
  ADD COLUMN closed_as text CHECK (closed_as IN ('transferred')),
  ADD COLUMN transferred_to_case_id uuid REFERENCES support_cases ON DELETE SET NULL,
  ADD COLUMN transferred_from_case_id uuid REFERENCES support_cases ON DELETE SET NULL,
  ADD CONSTRAINT support_cases_closed_as_closed CHECK (closed_as IS NULL OR status = 'closed');
CREATE UNIQUE INDEX support_cases_transferred_from ON support_cases (transferred_from_case_id) WHERE transferred_from_case_id IS NOT NULL;
CREATE INDEX support_cases_transferred_to ON support_cases (transferred_to_case_id) WHERE transferred_to_case_id IS NOT NULL;`,
};
