import type { Migration } from '../../../platform/db/migration.js';
import { needToKnowTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261205083000_support_address_readers',
  sql: `
-- A confidential address (a victim of domestic violence) is shown only to the people named on the
-- case, among those who follow it; to everyone else (other advisers of the case, the team, the
-- manager, partners, exports) it is hidden.
CREATE TABLE support_address_readers (
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users,
  named_by uuid REFERENCES users,
  named_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
${needToKnowTable('support_address_readers', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_address_readers.case_id)')}`,
};
