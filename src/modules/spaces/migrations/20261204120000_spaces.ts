import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// btree_gist lets one exclusion constraint mix equality on ids with overlap of time ranges; it is a
// trusted extension (PostgreSQL ≥ 13), so a database owner without superuser may create it too.
export const migration: Migration = {
  id: '20261204120000_spaces',
  sql: `
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE spaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  common_place_id uuid NOT NULL REFERENCES common_places,
  residence_id uuid NOT NULL REFERENCES residences,
  kind text NOT NULL CHECK (kind IN ('coworking', 'room', 'garden', 'workshop', 'equipment')),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  slot_minutes smallint NOT NULL DEFAULT 60 CHECK (slot_minutes BETWEEN 15 AND 1440),
  min_minutes smallint NOT NULL DEFAULT 60 CHECK (min_minutes >= 15),
  max_minutes smallint NOT NULL DEFAULT 240 CHECK (max_minutes >= min_minutes),
  horizon_days smallint NOT NULL DEFAULT 30 CHECK (horizon_days BETWEEN 1 AND 400),
  notice_minutes integer NOT NULL DEFAULT 0 CHECK (notice_minutes >= 0),
  cancel_notice_minutes integer NOT NULL DEFAULT 0 CHECK (cancel_notice_minutes >= 0),
  weekly_quota_minutes integer CHECK (weekly_quota_minutes IS NULL OR weekly_quota_minutes > 0),
  buffer_minutes smallint NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240),
  holidays_closed boolean NOT NULL DEFAULT true,
  approval_required boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, common_place_id, name)
);
CREATE INDEX spaces_residence ON spaces (residence_id);
${tenantTable('spaces')}

CREATE TABLE space_resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('seats', 'room', 'item')),
  name text NOT NULL,
  -- How many bookings may run at once: the seats of a coworking; 1 for a room or an item.
  units smallint NOT NULL DEFAULT 1 CHECK (units BETWEEN 1 AND 500 AND (kind = 'seats' OR units = 1)),
  people_capacity smallint CHECK (people_capacity IS NULL OR people_capacity > 0),
  position smallint NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (space_id, name)
);
${tenantTable('space_resources')}

CREATE TABLE space_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL,
  CHECK (closes > opens)
);
CREATE INDEX space_hours_space ON space_hours (space_id, weekday);
${tenantTable('space_hours')}

CREATE TABLE space_closures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  -- NULL closes the whole space; otherwise one resource only.
  resource_id uuid REFERENCES space_resources ON DELETE CASCADE,
  during tstzrange NOT NULL CHECK (NOT isempty(during)),
  reason text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX space_closures_during ON space_closures USING gist (space_id, during);
${tenantTable('space_closures')}

CREATE TABLE space_bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces,
  resource_id uuid NOT NULL REFERENCES space_resources,
  -- Which of the resource's units (seat number) the booking holds; 1 for rooms and items.
  unit smallint NOT NULL CHECK (unit >= 1),
  household_id uuid NOT NULL REFERENCES households,
  booked_by uuid REFERENCES users,
  during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
  -- during plus the resource's buffer after it: what the booking keeps others from.
  held tstzrange NOT NULL CHECK (held @> during),
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled', 'refused')),
  purpose text NOT NULL DEFAULT 'unspecified' CHECK (purpose IN ('unspecified', 'telework', 'training', 'job_search', 'business_creation', 'digital_help', 'leisure', 'other')),
  assisted boolean NOT NULL DEFAULT false,
  idempotency_key text CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 8 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES users,
  decision_reason text,
  -- The guarantee that no unit is ever held twice at once, whatever the application does.
  CONSTRAINT space_bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, unit WITH =, held WITH &&) WHERE (status IN ('pending', 'confirmed'))
);
CREATE UNIQUE INDEX space_bookings_idempotency ON space_bookings (organisation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX space_bookings_space_during ON space_bookings USING gist (space_id, during);
CREATE INDEX space_bookings_household ON space_bookings (household_id, lower(during));
${tenantTable('space_bookings')}`,
};
