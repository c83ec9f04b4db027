import type { Migration } from '../../../platform/db/migration.js';

// The availability grid and every booking read a space's holding bookings by their held range
// (`heldBookings`): no index had both, so PostgreSQL intersected the space's whole history with every
// space's bookings of the window — 0.76 s for one day of a coworking with two years of bookings.
export const migration: Migration = {
  id: '20261210120100_spaces_bookings_held_index',
  // Not partial on the holding statuses: they arrive as parameters, and a generic plan could not use it.
  sql: `CREATE INDEX space_bookings_space_held ON space_bookings USING gist (space_id, held);`,
};
