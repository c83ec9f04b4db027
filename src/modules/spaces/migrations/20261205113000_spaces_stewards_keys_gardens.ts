import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// Collegial running of common rooms (residents named stewards of a space), the room's key handed over and
// returned per booking, garden plots allocated per season (first come or by a recorded, reproducible draw),
// and the secret from which each space's daily self check-in code is derived.
export const migration: Migration = {
  id: '20261205113000_spaces_stewards_keys_gardens',
  sql: `
CREATE TABLE space_stewards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  named_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (space_id, user_id)
);
CREATE INDEX space_stewards_user ON space_stewards (user_id);
${tenantTable('space_stewards')}

CREATE TABLE space_key_handovers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  booking_id uuid NOT NULL REFERENCES space_bookings ON DELETE CASCADE,
  handed_by uuid REFERENCES users,
  handed_to text NOT NULL CHECK (length(handed_to) BETWEEN 1 AND 100),
  handed_at timestamptz NOT NULL,
  -- When the key is expected back: the booking's end; past it, the key is overdue.
  due_at timestamptz NOT NULL,
  returned_at timestamptz,
  returned_by uuid REFERENCES users,
  CHECK (returned_at IS NULL OR returned_at >= handed_at)
);
-- One key out per booking at a time.
CREATE UNIQUE INDEX space_key_handovers_out ON space_key_handovers (booking_id) WHERE returned_at IS NULL;
CREATE INDEX space_key_handovers_due ON space_key_handovers (space_id, due_at) WHERE returned_at IS NULL;
${tenantTable('space_key_handovers')}

CREATE TABLE garden_seasons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on > starts_on),
  allocation text NOT NULL CHECK (allocation IN ('first_come', 'draw')),
  -- The draw's seed, stored so anyone can replay it and get the same order.
  draw_seed text CHECK (draw_seed IS NULL OR length(draw_seed) BETWEEN 8 AND 100),
  drawn_at timestamptz,
  drawn_by uuid REFERENCES users,
  -- The season whose holders were offered to renew their plot in this one.
  renewal_of uuid REFERENCES garden_seasons,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (space_id, name),
  CHECK ((draw_seed IS NULL) = (drawn_at IS NULL))
);
${tenantTable('garden_seasons')}

CREATE TABLE garden_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  season_id uuid NOT NULL REFERENCES garden_seasons ON DELETE CASCADE,
  household_id uuid NOT NULL REFERENCES households,
  user_id uuid REFERENCES users,
  status text NOT NULL CHECK (status IN ('waiting', 'allocated', 'withdrawn', 'renewal_offered', 'declined')),
  -- A renewal offer names the plot the household held.
  offered_resource_id uuid REFERENCES space_resources,
  draw_rank integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  CHECK (status <> 'renewal_offered' OR offered_resource_id IS NOT NULL)
);
CREATE UNIQUE INDEX garden_applications_once ON garden_applications (season_id, household_id) WHERE status IN ('waiting', 'allocated', 'renewal_offered');
CREATE INDEX garden_applications_queue ON garden_applications (season_id, created_at) WHERE status = 'waiting';
${tenantTable('garden_applications')}

CREATE TABLE garden_allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  season_id uuid NOT NULL REFERENCES garden_seasons ON DELETE CASCADE,
  resource_id uuid NOT NULL REFERENCES space_resources,
  household_id uuid NOT NULL REFERENCES households,
  application_id uuid REFERENCES garden_applications,
  allocated_by uuid REFERENCES users,
  allocated_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
-- The guarantee: a plot is held by one household at a time in a season, and a household holds one plot.
CREATE UNIQUE INDEX garden_allocations_plot ON garden_allocations (season_id, resource_id) WHERE released_at IS NULL;
CREATE UNIQUE INDEX garden_allocations_household ON garden_allocations (season_id, household_id) WHERE released_at IS NULL;
${tenantTable('garden_allocations')}

-- The self check-in secret lives on the space, made with it, so that showing the code of the day never writes.
ALTER TABLE spaces ADD COLUMN checkin_secret text NOT NULL
  DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
  CHECK (length(checkin_secret) >= 32);`,
};
