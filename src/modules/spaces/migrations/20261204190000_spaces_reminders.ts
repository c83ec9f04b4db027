import type { Migration } from '../../../platform/db/migration.js';

// When the day-before reminder was queued: the reminder job skips bookings already reminded, so it can run again safely.
export const migration: Migration = {
  id: '20261204190000_spaces_reminders',
  sql: `ALTER TABLE space_bookings ADD COLUMN reminded_at timestamptz;`,
};
