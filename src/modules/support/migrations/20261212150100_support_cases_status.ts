import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261212150100_support_cases_status',
  sql: `
-- The adviser's case list and to-do list read open cases, newest first. Without an index on the status,
-- every case of the landlord (10,000 at landlord scale, 90 % closed) went through the need-to-know policy's
-- checks; equality on text is leakproof, so this index is used ahead of the policy and only open cases are.
CREATE INDEX support_cases_status_opened ON support_cases (organisation_id, status, opened_at DESC);`,
};
