import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

// Spaces opened to the neighbourhood (docs/decisions/neighbourhoods.md). A neighbour's booking is a
// row of the space's landlord (one table, one exclusion constraint: no double booking across
// tenants) that names the guest's landlord (guest_org_id) and copies the household's name for the
// board. It is written in the owner's context, and only through a row this trigger accepts: the
// space is open to neighbours, and the household belongs to the guest landlord and lives now in a
// residence of the space's neighbourhood, both landlords being members. SECURITY DEFINER because the
// owner's context may not read the guest's households (that is the point).
export const migration: Migration = {
  id: '20261208130100_spaces_neighbours',
  sql: `
ALTER TABLE spaces ADD COLUMN open_to_neighbours boolean NOT NULL DEFAULT false;

ALTER TABLE space_bookings
  ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD COLUMN guest_name text,
  ADD CONSTRAINT space_bookings_guest_card CHECK ((guest_org_id IS NULL) = (guest_name IS NULL)),
  ADD CONSTRAINT space_bookings_guest_other CHECK (guest_org_id IS DISTINCT FROM organisation_id);
CREATE INDEX space_bookings_guest ON space_bookings (guest_org_id, household_id) WHERE guest_org_id IS NOT NULL;

CREATE FUNCTION spaces_check_guest_booking() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1
    FROM spaces s
    JOIN neighbourhood_residences sr ON sr.residence_id = s.residence_id AND sr.organisation_id = s.organisation_id
    JOIN neighbourhood_landlords om ON om.neighbourhood_id = sr.neighbourhood_id AND om.organisation_id = s.organisation_id AND om.joined_at IS NOT NULL
    JOIN neighbourhood_landlords gm ON gm.neighbourhood_id = sr.neighbourhood_id AND gm.organisation_id = NEW.guest_org_id AND gm.joined_at IS NOT NULL
    JOIN households h ON h.id = NEW.household_id AND h.organisation_id = NEW.guest_org_id
    JOIN occupancies o ON o.household_id = h.id AND o.ends_on IS NULL
    JOIN dwellings d ON d.id = o.dwelling_id
    JOIN neighbourhood_residences hr ON hr.residence_id = d.residence_id AND hr.neighbourhood_id = sr.neighbourhood_id AND hr.organisation_id = NEW.guest_org_id
    WHERE s.id = NEW.space_id AND s.organisation_id = NEW.organisation_id AND s.open_to_neighbours AND s.active
  ) THEN
    RAISE EXCEPTION 'a neighbour''s booking needs a space open to the neighbourhood and a household living in it' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER space_bookings_guest_check BEFORE INSERT OR UPDATE OF household_id, guest_org_id, space_id ON space_bookings
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL AND NEW.status IN ('pending', 'confirmed', 'offered'))
  EXECUTE FUNCTION spaces_check_guest_booking();

-- The guest's landlord reads its own households' bookings (and nothing else of the owner's bookings).
CREATE POLICY space_bookings_guest_read ON space_bookings FOR SELECT USING (guest_org_id = ${ORG});

-- What a landlord may know of the spaces other members of its neighbourhoods opened to it: a card
-- (name, kind, description, residence), never their bookings. A function rather than a policy on
-- spaces, so that every existing query of a landlord's own spaces keeps seeing only its own.
CREATE FUNCTION spaces_open_to_neighbours()
RETURNS TABLE (id uuid, organisation_id uuid, residence_id uuid, neighbourhood_id uuid, kind text, name text, description text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.id, s.organisation_id, s.residence_id, nr.neighbourhood_id, s.kind, s.name, s.description
  FROM spaces s
  JOIN neighbourhood_residences nr ON nr.residence_id = s.residence_id AND nr.organisation_id = s.organisation_id
  JOIN neighbourhood_landlords om ON om.neighbourhood_id = nr.neighbourhood_id AND om.organisation_id = s.organisation_id AND om.joined_at IS NOT NULL
  WHERE s.open_to_neighbours AND s.active
    AND s.organisation_id IS DISTINCT FROM ${ORG}
    AND nr.neighbourhood_id IN (SELECT palier_neighbourhood_ids(false))
  ORDER BY s.name
$$;
REVOKE ALL ON FUNCTION spaces_open_to_neighbours() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION spaces_open_to_neighbours() TO palier_app;`,
};
