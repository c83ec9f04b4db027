import type { Migration } from '../../../platform/db/migration.js';

// Under row-level security PostgreSQL may only use leakproof operators as index conditions before the
// tenant policy is checked; the range overlap `&&` is not leakproof, so the gist index on
// (space_id, held) was used for space_id alone and every read of a space's bookings walked its whole
// history (0.77 s for one day of a coworking with two years of bookings, as the application role).
// `held_until` (the end of the held range, which contains the booked one) is compared with `>`, which
// is leakproof: the btree below narrows a space's bookings to those not yet over at the window's start.
export const migration: Migration = {
  id: '20261211150000_spaces_bookings_held_until',
  sql: `
ALTER TABLE space_bookings ADD COLUMN held_until timestamptz GENERATED ALWAYS AS (upper(held)) STORED;
CREATE INDEX space_bookings_space_held_until ON space_bookings (space_id, held_until);
DROP INDEX space_bookings_space_held;`,
};
