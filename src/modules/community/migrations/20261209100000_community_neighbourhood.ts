import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
// Set by the application, in a resident's own landlord's context, to the neighbourhood their
// household lives in (queries/neighbour-events.ts) — and only there, so that no other query of the
// landlord (lists of staff, figures, exports) ever sees another landlord's rows.
const VIEW = "nullif(current_setting('app.neighbourhood_id', true), '')::uuid";

// Activities open to a neighbourhood across landlords (docs/decisions/neighbourhoods.md,
// docs/community.md). The neighbourhood is copied on the event row. A neighbour's registration is a
// row of the organiser's landlord (the event lock and the capacity count stay in one tenant) naming
// the neighbour's landlord (guest_org_id) and the household's name for the roster; the trigger below
// refuses any such row whose event is not open to that neighbourhood or whose household does not
// live in it now. SECURITY DEFINER because the organiser's context may not read the guest's
// households (that is the point).
export const migration: Migration = {
  id: '20261209100000_community_neighbourhood',
  sql: `
ALTER TABLE community_events ADD COLUMN neighbourhood_id uuid REFERENCES neighbourhoods ON DELETE SET NULL;
CREATE INDEX community_events_neighbourhood ON community_events (neighbourhood_id, starts_at) WHERE neighbourhood_id IS NOT NULL;

-- A resident of another landlord member of the neighbourhood sees the event while the application
-- names that neighbourhood for the transaction and both landlords are members.
CREATE POLICY community_events_neighbours ON community_events FOR SELECT
  USING (neighbourhood_id IS NOT NULL AND neighbourhood_id = ${VIEW}
    AND neighbourhood_id IN (SELECT palier_neighbourhood_ids(false))
    AND EXISTS (SELECT 1 FROM neighbourhood_landlords nl WHERE nl.neighbourhood_id = community_events.neighbourhood_id
      AND nl.organisation_id = community_events.organisation_id AND nl.joined_at IS NOT NULL));

ALTER TABLE community_registrations
  ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD COLUMN neighbour_name text,
  ADD CONSTRAINT community_registrations_neighbour_card CHECK ((guest_org_id IS NULL) = (neighbour_name IS NULL)),
  ADD CONSTRAINT community_registrations_neighbour_other CHECK (guest_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_registrations_neighbour_household CHECK (guest_org_id IS NULL OR household_id IS NOT NULL);
CREATE INDEX community_registrations_guest ON community_registrations (guest_org_id, household_id) WHERE guest_org_id IS NOT NULL;

CREATE FUNCTION community_check_neighbour_registration() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1
    FROM community_events e
    JOIN neighbourhood_landlords om ON om.neighbourhood_id = e.neighbourhood_id AND om.organisation_id = e.organisation_id AND om.joined_at IS NOT NULL
    JOIN neighbourhood_landlords gm ON gm.neighbourhood_id = e.neighbourhood_id AND gm.organisation_id = NEW.guest_org_id AND gm.joined_at IS NOT NULL
    JOIN households h ON h.id = NEW.household_id AND h.organisation_id = NEW.guest_org_id
    JOIN occupancies o ON o.household_id = h.id AND o.ends_on IS NULL
    JOIN dwellings d ON d.id = o.dwelling_id
    JOIN neighbourhood_residences hr ON hr.residence_id = d.residence_id AND hr.neighbourhood_id = e.neighbourhood_id AND hr.organisation_id = NEW.guest_org_id
    WHERE e.id = NEW.event_id AND e.organisation_id = NEW.organisation_id
  ) THEN
    RAISE EXCEPTION 'a neighbour''s registration needs an activity open to the neighbourhood and a household living in it' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_registrations_neighbour_check BEFORE INSERT OR UPDATE OF household_id, guest_org_id, event_id ON community_registrations
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL AND NEW.status <> 'cancelled')
  EXECUTE FUNCTION community_check_neighbour_registration();

-- The neighbour's landlord reads its own households' registrations, in the same neighbour view.
CREATE POLICY community_registrations_neighbours ON community_registrations FOR SELECT
  USING (guest_org_id = ${ORG} AND ${VIEW} IS NOT NULL);
`,
};
