import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261207100000_concierge_scheduled_run',
  sql: `
-- The monthly run is a scheduled job: what it issues has no person behind it. issued_by stays the
-- staff member for a run started from the desk; NULL means "issued by the monthly job" (the audit log
-- records the run under the issuing organisation without a user).
ALTER TABLE concierge_statements ALTER COLUMN issued_by DROP NOT NULL;
ALTER TABLE concierge_payout_statements ALTER COLUMN issued_by DROP NOT NULL;`,
};
