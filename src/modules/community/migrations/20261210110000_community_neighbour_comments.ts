import type { Migration } from '../../../platform/db/migration.js';

// Comments and reports of neighbours on proposals of another landlord's process open to them (see
// 20261209100100_community_neighbour_processes). Like their proposals and supports, they are rows of
// the process's landlord — so its moderators hide them and the counters stay in one tenant — naming
// the neighbour's landlord (guest_org_id) and household. The trigger refuses any such row unless the
// process is open to a neighbourhood the household lives in now, the household is the guest
// landlord's and the person is one of its residents. No policy is added: the neighbour's landlord
// reads none of these rows; the neighbour reads them through the proposal, in the organiser's context.
export const migration: Migration = {
  id: '20261210110000_community_neighbour_comments',
  sql: `
ALTER TABLE community_comments ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD COLUMN author_household_id uuid REFERENCES households,
  ADD CONSTRAINT community_comments_neighbour_other CHECK (guest_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_comments_neighbour_household CHECK (guest_org_id IS NULL OR author_household_id IS NOT NULL);
ALTER TABLE community_comment_reports ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD COLUMN household_id uuid REFERENCES households,
  ADD CONSTRAINT community_comment_reports_neighbour_other CHECK (guest_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_comment_reports_neighbour_household CHECK (guest_org_id IS NULL OR household_id IS NOT NULL);
ALTER TABLE community_proposal_reports ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD COLUMN household_id uuid REFERENCES households,
  ADD CONSTRAINT community_proposal_reports_neighbour_other CHECK (guest_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_proposal_reports_neighbour_household CHECK (guest_org_id IS NULL OR household_id IS NOT NULL);

-- The person is a resident of the household, of the guest landlord, living in a neighbourhood the process is for.
CREATE FUNCTION community_neighbour_may_speak(p_proposal uuid, p_org uuid, p_guest uuid, p_household uuid, p_user uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p_user AND m.household_id = p_household AND m.organisation_id = p_guest AND m.role = 'resident')
    AND community_neighbour_in_process((SELECT process_id FROM community_proposals WHERE id = p_proposal AND organisation_id = p_org), p_org, p_guest, p_household)
$$;
REVOKE ALL ON FUNCTION community_neighbour_may_speak(uuid, uuid, uuid, uuid, uuid) FROM PUBLIC;

CREATE FUNCTION community_check_neighbour_comment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT community_neighbour_may_speak(NEW.proposal_id, NEW.organisation_id, NEW.guest_org_id, NEW.author_household_id, NEW.author_user_id) THEN
    RAISE EXCEPTION 'a neighbour''s comment needs a process open to their neighbourhood' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_comments_neighbour_check BEFORE INSERT OR UPDATE OF proposal_id, guest_org_id, author_household_id, author_user_id ON community_comments
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL) EXECUTE FUNCTION community_check_neighbour_comment();

CREATE FUNCTION community_check_neighbour_comment_report() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT community_neighbour_may_speak((SELECT proposal_id FROM community_comments WHERE id = NEW.comment_id), NEW.organisation_id, NEW.guest_org_id, NEW.household_id, NEW.user_id) THEN
    RAISE EXCEPTION 'a neighbour''s report needs a process open to their neighbourhood' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_comment_reports_neighbour_check BEFORE INSERT OR UPDATE ON community_comment_reports
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL) EXECUTE FUNCTION community_check_neighbour_comment_report();

CREATE FUNCTION community_check_neighbour_proposal_report() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT community_neighbour_may_speak(NEW.proposal_id, NEW.organisation_id, NEW.guest_org_id, NEW.household_id, NEW.user_id) THEN
    RAISE EXCEPTION 'a neighbour''s report needs a process open to their neighbourhood' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_proposal_reports_neighbour_check BEFORE INSERT OR UPDATE ON community_proposal_reports
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL) EXECUTE FUNCTION community_check_neighbour_proposal_report();
`,
};
