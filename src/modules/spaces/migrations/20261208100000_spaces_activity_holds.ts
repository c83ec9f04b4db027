import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// A community activity held in a room takes that room's spaces resources for its hours: one hold per
// resource (whole rooms and coworking seats; lent items are not held), kept in its own table so that
// bookings, quotas, reminders and reports keep counting households' bookings only.
//
// Two tables cannot share one exclusion constraint, so two triggers give the same guarantee, whatever
// the application does: each new or moved booking (pending, confirmed or offered) and each new hold
// locks its space row — the lock every booking command already takes — then looks at the other table
// with a fresh snapshot, and refuses an overlap as an exclusion violation (23P01) naming the
// constraint 'space_activity_hold_overlap'. Holds among themselves have an ordinary exclusion constraint.
export const migration: Migration = {
  id: '20261208100000_spaces_activity_holds',
  sql: `
CREATE TABLE space_activity_holds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces,
  resource_id uuid NOT NULL REFERENCES space_resources,
  -- The community activity (an occurrence of community_events); no foreign key: spaces does not depend on community.
  event_id uuid NOT NULL,
  title text NOT NULL,
  during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
  -- during plus the resource's buffer after it, as a booking holds.
  held tstzrange NOT NULL CHECK (held @> during),
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  CONSTRAINT space_activity_holds_no_overlap EXCLUDE USING gist (resource_id WITH =, held WITH &&) WHERE (released_at IS NULL)
);
CREATE INDEX space_activity_holds_event ON space_activity_holds (event_id) WHERE released_at IS NULL;
CREATE INDEX space_activity_holds_space ON space_activity_holds USING gist (space_id, held) WHERE released_at IS NULL;
${tenantTable('space_activity_holds')}

CREATE FUNCTION space_booking_vs_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status NOT IN ('pending', 'confirmed', 'offered') THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status IN ('pending', 'confirmed', 'offered') AND OLD.resource_id = NEW.resource_id AND OLD.held = NEW.held THEN RETURN NEW; END IF;
  PERFORM 1 FROM spaces WHERE id = NEW.space_id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM space_activity_holds h WHERE h.resource_id = NEW.resource_id AND h.released_at IS NULL AND h.held && NEW.held) THEN
    RAISE EXCEPTION 'an activity holds this resource at that time' USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'space_activity_hold_overlap';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER space_bookings_vs_activity BEFORE INSERT OR UPDATE OF status, resource_id, held ON space_bookings
  FOR EACH ROW EXECUTE FUNCTION space_booking_vs_activity();

CREATE FUNCTION space_activity_vs_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.released_at IS NOT NULL THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND OLD.released_at IS NULL AND OLD.resource_id = NEW.resource_id AND OLD.held = NEW.held THEN RETURN NEW; END IF;
  PERFORM 1 FROM spaces WHERE id = NEW.space_id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM space_bookings b WHERE b.resource_id = NEW.resource_id AND b.status IN ('pending', 'confirmed', 'offered') AND b.held && NEW.held) THEN
    RAISE EXCEPTION 'a booking holds this resource at that time' USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'space_activity_hold_overlap';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER space_activity_holds_vs_booking BEFORE INSERT OR UPDATE ON space_activity_holds
  FOR EACH ROW EXECUTE FUNCTION space_activity_vs_booking();`,
};
