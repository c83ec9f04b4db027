import type { Migration } from '../../../platform/db/migration.js';

// What a weekly series asked for — its first week and number of weeks — kept on the booking carrying its
// idempotency key, so that the key replays only that very series: the same key with another number of
// weeks (or from another week) is another request, refused at the key (422), not the first series
// replayed as if the extra weeks were booked. Null on single bookings and on series booked before.
export const migration: Migration = {
  id: '20261214120000_spaces_series_asked',
  sql: `
ALTER TABLE space_bookings
  ADD COLUMN series_from date,
  ADD COLUMN series_weeks smallint CHECK (series_weeks BETWEEN 1 AND 104),
  ADD CONSTRAINT space_bookings_series_asked CHECK ((series_from IS NULL) = (series_weeks IS NULL));`,
};
