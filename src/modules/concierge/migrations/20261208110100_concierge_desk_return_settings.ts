import type { Migration } from '../../../platform/db/migration.js';

// Each desk sets how long an unclaimed parcel waits before going back to its sender (15 days until
// now, for every desk) and how many days before that the household is told; each parcel is told once.
export const migration: Migration = {
  id: '20261208110100_concierge_desk_return_settings',
  sql: `
ALTER TABLE concierge_desks ADD COLUMN parcel_return_days smallint NOT NULL DEFAULT 15 CHECK (parcel_return_days BETWEEN 3 AND 90);
ALTER TABLE concierge_desks ADD COLUMN return_notice_days smallint NOT NULL DEFAULT 3 CHECK (return_notice_days BETWEEN 1 AND 30);
ALTER TABLE concierge_desks ADD CONSTRAINT concierge_desks_notice_before_return CHECK (return_notice_days < parcel_return_days);
ALTER TABLE concierge_parcels ADD COLUMN return_noticed_at timestamptz;`,
};
