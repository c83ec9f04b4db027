import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// Recurring series, waiting-list offers and check-in. An offer made to the first in line holds the
// unit like a booking does (status 'offered'), so the exclusion constraint now covers offers too:
// the person who is offered a seat cannot lose it to someone faster while deciding.
export const migration: Migration = {
  id: '20261204181000_spaces_series_waitlist_checkin',
  sql: `
ALTER TABLE spaces
  ADD COLUMN checkin_grace_minutes smallint CHECK (checkin_grace_minutes IS NULL OR checkin_grace_minutes BETWEEN 5 AND 240),
  ADD COLUMN no_show_limit smallint CHECK (no_show_limit IS NULL OR no_show_limit BETWEEN 1 AND 20),
  ADD COLUMN offer_minutes smallint NOT NULL DEFAULT 120 CHECK (offer_minutes BETWEEN 10 AND 2880);

ALTER TABLE space_bookings
  ADD COLUMN series_id uuid,
  ADD COLUMN checked_in_at timestamptz,
  ADD COLUMN checked_in_by uuid REFERENCES users,
  ADD COLUMN offer_expires_at timestamptz,
  DROP CONSTRAINT space_bookings_status_check,
  ADD CONSTRAINT space_bookings_status_check CHECK (status IN ('pending', 'confirmed', 'offered', 'cancelled', 'refused', 'no_show', 'expired')),
  ADD CONSTRAINT space_bookings_offer_expiry CHECK (status <> 'offered' OR offer_expires_at IS NOT NULL),
  DROP CONSTRAINT space_bookings_no_overlap,
  ADD CONSTRAINT space_bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, unit WITH =, held WITH &&) WHERE (status IN ('pending', 'confirmed', 'offered'));
CREATE INDEX space_bookings_series ON space_bookings (series_id) WHERE series_id IS NOT NULL;
CREATE INDEX space_bookings_offers ON space_bookings (offer_expires_at) WHERE status = 'offered';
CREATE INDEX space_bookings_unclaimed ON space_bookings (lower(during)) WHERE status = 'confirmed' AND checked_in_at IS NULL;

CREATE TABLE space_waitlist (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  resource_id uuid NOT NULL REFERENCES space_resources ON DELETE CASCADE,
  household_id uuid NOT NULL REFERENCES households,
  user_id uuid REFERENCES users,
  during tstzrange NOT NULL CHECK (NOT isempty(during)),
  purpose text NOT NULL DEFAULT 'unspecified',
  status text NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'left', 'expired')),
  booking_id uuid REFERENCES space_bookings,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX space_waitlist_once ON space_waitlist (resource_id, household_id, during) WHERE status IN ('waiting', 'offered');
CREATE INDEX space_waitlist_queue ON space_waitlist (resource_id, created_at) WHERE status = 'waiting';
${tenantTable('space_waitlist')}`,
};
