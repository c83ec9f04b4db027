import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
// The neighbour view (see 20261209100000_community_neighbourhood): set by the application for a
// resident, in their own landlord's context, to the neighbourhood their household lives in.
const VIEW = "nullif(current_setting('app.neighbourhood_id', true), '')::uuid";

// Participation processes open to neighbours (open_to_neighbours, unused until now). A process is for
// the neighbourhood of its residence, or, for the whole landlord, for every neighbourhood where the
// landlord has a residence: derived from the directory rather than copied, so it follows the
// neighbourhood's membership. Neighbours read the process and its proposals in the neighbour view;
// their proposals and supports are rows of the process's landlord (one table, so "one support per
// resident and per household" holds across landlords) naming their landlord, checked by a trigger.
export const migration: Migration = {
  id: '20261209100100_community_neighbour_processes',
  sql: `
CREATE FUNCTION community_process_neighbourhoods(p_process uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT nr.neighbourhood_id
  FROM community_processes pr
  JOIN neighbourhood_residences nr ON nr.organisation_id = pr.organisation_id AND (pr.residence_id IS NULL OR nr.residence_id = pr.residence_id)
  JOIN neighbourhood_landlords om ON om.neighbourhood_id = nr.neighbourhood_id AND om.organisation_id = pr.organisation_id AND om.joined_at IS NOT NULL
  WHERE pr.id = p_process AND pr.open_to_neighbours
$$;
REVOKE ALL ON FUNCTION community_process_neighbourhoods(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION community_process_neighbourhoods(uuid) TO palier_app;

CREATE POLICY community_processes_neighbours ON community_processes FOR SELECT
  USING (open_to_neighbours AND ${VIEW} IS NOT NULL AND organisation_id <> ${ORG}
    AND ${VIEW} IN (SELECT palier_neighbourhood_ids(false))
    AND ${VIEW} IN (SELECT community_process_neighbourhoods(id)));

CREATE POLICY community_proposals_neighbours ON community_proposals FOR SELECT
  USING (${VIEW} IS NOT NULL AND organisation_id <> ${ORG} AND hidden_at IS NULL
    AND process_id IN (SELECT id FROM community_processes));

ALTER TABLE community_proposals ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD CONSTRAINT community_proposals_neighbour_other CHECK (guest_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_proposals_neighbour_household CHECK (guest_org_id IS NULL OR author_household_id IS NOT NULL);
ALTER TABLE community_supports ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD CONSTRAINT community_supports_neighbour_other CHECK (guest_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_supports_neighbour_household CHECK (guest_org_id IS NULL OR household_id IS NOT NULL);

-- The household is the guest landlord's and lives now in a neighbourhood the process is for.
CREATE FUNCTION community_neighbour_in_process(p_process uuid, p_org uuid, p_guest uuid, p_household uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1
    FROM community_processes pr
    JOIN community_process_neighbourhoods(pr.id) n(id) ON true
    JOIN neighbourhood_landlords gm ON gm.neighbourhood_id = n.id AND gm.organisation_id = p_guest AND gm.joined_at IS NOT NULL
    JOIN households h ON h.id = p_household AND h.organisation_id = p_guest
    JOIN occupancies o ON o.household_id = h.id AND o.ends_on IS NULL
    JOIN dwellings d ON d.id = o.dwelling_id
    JOIN neighbourhood_residences hr ON hr.residence_id = d.residence_id AND hr.neighbourhood_id = n.id AND hr.organisation_id = p_guest
    WHERE pr.id = p_process AND pr.organisation_id = p_org)
$$;
REVOKE ALL ON FUNCTION community_neighbour_in_process(uuid, uuid, uuid, uuid) FROM PUBLIC;

CREATE FUNCTION community_check_neighbour_proposal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT community_neighbour_in_process(NEW.process_id, NEW.organisation_id, NEW.guest_org_id, NEW.author_household_id) THEN
    RAISE EXCEPTION 'a neighbour''s proposal needs a process open to their neighbourhood' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_proposals_neighbour_check BEFORE INSERT OR UPDATE OF process_id, guest_org_id, author_household_id ON community_proposals
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL) EXECUTE FUNCTION community_check_neighbour_proposal();

CREATE FUNCTION community_check_neighbour_support() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT community_neighbour_in_process((SELECT process_id FROM community_proposals WHERE id = NEW.proposal_id), NEW.organisation_id, NEW.guest_org_id, NEW.household_id) THEN
    RAISE EXCEPTION 'a neighbour''s support needs a process open to their neighbourhood' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_supports_neighbour_check BEFORE INSERT OR UPDATE ON community_supports
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL) EXECUTE FUNCTION community_check_neighbour_support();
`,
};
