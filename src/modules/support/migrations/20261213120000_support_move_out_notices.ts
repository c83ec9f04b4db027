import { type Migration, tenantTable } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261213120000_support_move_out_notices',
  sql: `
-- The advisers of an open case are told once when the directory's register ends an occupancy of its household
-- (support.move-out-notices): one row per case and ended occupancy, written in the transaction that queues the
-- e-mails, so a second run (or a second process) finds it told. Nothing of the household or the dwelling is kept.
CREATE TABLE support_move_out_notices (
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  occupancy_id uuid NOT NULL REFERENCES occupancies ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations,
  notified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, occupancy_id)
);
${tenantTable('support_move_out_notices')}`,
};
