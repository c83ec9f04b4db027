import type { Migration } from '../../../platform/db/migration.js';

// Each desk sets after how many days a waiting parcel is reminded to the household (7 for every desk until now).
export const migration: Migration = {
  id: '20261209120000_concierge_parcel_reminder_days',
  sql: `
ALTER TABLE concierge_desks ADD COLUMN parcel_reminder_days smallint NOT NULL DEFAULT 7 CHECK (parcel_reminder_days BETWEEN 1 AND 30);`,
};
