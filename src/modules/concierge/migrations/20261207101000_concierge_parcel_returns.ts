import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261207101000_concierge_parcel_returns',
  sql: `
-- A parcel left unclaimed is returned to its sender after some days: who returned it and when are kept,
-- the row stays (nothing disappears from the log; the app role still has no DELETE).
ALTER TABLE concierge_parcels ADD COLUMN returned_at timestamptz;
ALTER TABLE concierge_parcels ADD COLUMN returned_by uuid;
ALTER TABLE concierge_parcels ADD CONSTRAINT concierge_parcels_returned CHECK ((status = 'returned') = (returned_at IS NOT NULL AND returned_by IS NOT NULL));`,
};
