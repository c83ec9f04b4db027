import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

// A neighbourhood groups residences of several landlords (an éco-quartier, a district). It is created
// by one landlord, which invites others; each landlord attaches only its own residences. What a landlord
// sees of another's residence is the name and city copied on the attachment row, never the residence.
// palier_neighbourhood_ids is SECURITY DEFINER only to break the loop between the policies of
// neighbourhoods and of their memberships (each needs the other); it answers the current
// organisation's own memberships, which its own policy shows anyway. See docs/decisions/neighbourhoods.md.
export const migration: Migration = {
  id: '20261208130000_neighbourhoods',
  sql: `
CREATE TABLE neighbourhoods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The landlord that created it: renames it and invites the others.
  organisation_id uuid NOT NULL REFERENCES organisations,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 120),
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Landlords of a neighbourhood: invited by its creator, member once they have accepted (joined_at).
CREATE TABLE neighbourhood_landlords (
  neighbourhood_id uuid NOT NULL REFERENCES neighbourhoods ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations,
  invited_at timestamptz NOT NULL DEFAULT now(),
  joined_at timestamptz,
  PRIMARY KEY (neighbourhood_id, organisation_id)
);
CREATE INDEX neighbourhood_landlords_org ON neighbourhood_landlords (organisation_id);

CREATE FUNCTION palier_neighbourhood_ids(p_include_invited boolean) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT neighbourhood_id FROM neighbourhood_landlords
  WHERE organisation_id = ${ORG} AND (p_include_invited OR joined_at IS NOT NULL)
$$;
REVOKE ALL ON FUNCTION palier_neighbourhood_ids(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION palier_neighbourhood_ids(boolean) TO palier_app;

ALTER TABLE residences ADD CONSTRAINT residences_id_org UNIQUE (id, organisation_id);

-- A residence belongs to one neighbourhood at most, attached by its own landlord while a member.
CREATE TABLE neighbourhood_residences (
  residence_id uuid PRIMARY KEY,
  neighbourhood_id uuid NOT NULL REFERENCES neighbourhoods ON DELETE CASCADE,
  organisation_id uuid NOT NULL,
  -- Copied for the other landlords of the neighbourhood, who never read the residence itself.
  name text NOT NULL,
  city text NOT NULL,
  attached_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (residence_id, organisation_id) REFERENCES residences (id, organisation_id) ON DELETE CASCADE,
  FOREIGN KEY (neighbourhood_id, organisation_id) REFERENCES neighbourhood_landlords (neighbourhood_id, organisation_id) ON DELETE CASCADE
);
CREATE INDEX neighbourhood_residences_n ON neighbourhood_residences (neighbourhood_id);

ALTER TABLE neighbourhoods ENABLE ROW LEVEL SECURITY;
ALTER TABLE neighbourhoods FORCE ROW LEVEL SECURITY;
CREATE POLICY neighbourhoods_owner ON neighbourhoods USING (organisation_id = ${ORG}) WITH CHECK (organisation_id = ${ORG});
CREATE POLICY neighbourhoods_member_read ON neighbourhoods FOR SELECT USING (id IN (SELECT palier_neighbourhood_ids(true)));
GRANT SELECT, INSERT, UPDATE, DELETE ON neighbourhoods TO palier_app;

ALTER TABLE neighbourhood_landlords ENABLE ROW LEVEL SECURITY;
ALTER TABLE neighbourhood_landlords FORCE ROW LEVEL SECURITY;
-- A landlord sees its own membership or invitation and the other members of the neighbourhoods it joined.
CREATE POLICY neighbourhood_landlords_read ON neighbourhood_landlords FOR SELECT
  USING (organisation_id = ${ORG} OR neighbourhood_id IN (SELECT palier_neighbourhood_ids(false)));
-- Only the creator invites (itself as a member at once, the others as invitations to accept), and only landlords.
CREATE POLICY neighbourhood_landlords_invite ON neighbourhood_landlords FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM neighbourhoods n WHERE n.id = neighbourhood_id AND n.organisation_id = ${ORG})
    AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = organisation_id AND o.kind = 'landlord')
    AND ((organisation_id = ${ORG}) = (joined_at IS NOT NULL)));
-- The invited landlord accepts its own invitation.
CREATE POLICY neighbourhood_landlords_accept ON neighbourhood_landlords FOR UPDATE
  USING (organisation_id = ${ORG}) WITH CHECK (organisation_id = ${ORG});
-- A landlord leaves (or declines); the creator may withdraw an invitation or remove a member.
CREATE POLICY neighbourhood_landlords_leave ON neighbourhood_landlords FOR DELETE
  USING (organisation_id = ${ORG} OR EXISTS (SELECT 1 FROM neighbourhoods n WHERE n.id = neighbourhood_id AND n.organisation_id = ${ORG}));
GRANT SELECT, INSERT, UPDATE, DELETE ON neighbourhood_landlords TO palier_app;

ALTER TABLE neighbourhood_residences ENABLE ROW LEVEL SECURITY;
ALTER TABLE neighbourhood_residences FORCE ROW LEVEL SECURITY;
CREATE POLICY neighbourhood_residences_own ON neighbourhood_residences
  USING (organisation_id = ${ORG})
  WITH CHECK (organisation_id = ${ORG} AND neighbourhood_id IN (SELECT palier_neighbourhood_ids(false)));
CREATE POLICY neighbourhood_residences_shared ON neighbourhood_residences FOR SELECT
  USING (neighbourhood_id IN (SELECT palier_neighbourhood_ids(false)));
GRANT SELECT, INSERT, UPDATE, DELETE ON neighbourhood_residences TO palier_app;

-- The copied name and city follow the residence (the trigger runs in the landlord's own context).
CREATE FUNCTION neighbourhood_residence_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE neighbourhood_residences SET name = NEW.name, city = NEW.city WHERE residence_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER residences_neighbourhood_copy AFTER UPDATE OF name, city ON residences
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.city IS DISTINCT FROM NEW.city)
  EXECUTE FUNCTION neighbourhood_residence_follow();`,
};
