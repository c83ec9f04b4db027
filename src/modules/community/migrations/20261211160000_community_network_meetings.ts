import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
// Set by the application (queries/network-meetings.ts), in a member landlord's context and for its
// staff only, to the network whose meetings are listed — and only there, so that no other query of
// the landlord (residents' pages, lists, figures, exports, jobs) ever sees a network's rows.
const VIEW = "nullif(current_setting('app.network_id', true), '')::uuid";

// Club meetings (docs/decisions/network-meetings.md): events of a network's own organisation open to
// the staff of its member landlords. A member's staff registration is a row of the network (the event
// lock and the capacity count stay in one tenant) naming the member landlord and the person; the
// trigger refuses any such row whose event is not a club meeting of that network, whose landlord is
// not a member of it now, or whose person is not staff of that landlord. SECURITY DEFINER: the
// network's context may read neither the members' memberships nor decide that alone.
export const migration: Migration = {
  id: '20261211160000_community_network_meetings',
  sql: `
ALTER TABLE community_events ADD COLUMN network_audience boolean NOT NULL DEFAULT false;
CREATE INDEX community_events_network ON community_events (organisation_id, starts_at) WHERE network_audience;

CREATE FUNCTION community_check_network_event() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = NEW.organisation_id AND o.kind = 'network') THEN
    RAISE EXCEPTION 'a club meeting belongs to a network' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_events_network_check BEFORE INSERT OR UPDATE OF network_audience, organisation_id ON community_events
  FOR EACH ROW WHEN (NEW.network_audience) EXECUTE FUNCTION community_check_network_event();

-- Staff of a member landlord see the network's club meetings while the application names that
-- network for the transaction and their landlord is a member of it now.
CREATE POLICY community_events_network ON community_events FOR SELECT
  USING (network_audience AND organisation_id = ${VIEW}
    AND EXISTS (SELECT 1 FROM network_memberships nm WHERE nm.network_id = community_events.organisation_id AND nm.member_id = ${ORG}));

ALTER TABLE community_registrations
  ADD COLUMN staff_org_id uuid REFERENCES organisations,
  ADD COLUMN staff_name text,
  ADD CONSTRAINT community_registrations_staff_card CHECK ((staff_org_id IS NULL) = (staff_name IS NULL)),
  ADD CONSTRAINT community_registrations_staff_person CHECK (staff_org_id IS NULL OR (user_id IS NOT NULL AND household_id IS NULL AND guest_org_id IS NULL AND adults = 1 AND children = 0));
CREATE UNIQUE INDEX community_registrations_staff ON community_registrations (event_id, user_id) WHERE staff_org_id IS NOT NULL AND status <> 'cancelled';

CREATE FUNCTION community_check_staff_registration() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1
    FROM community_events e
    JOIN network_memberships nm ON nm.network_id = e.organisation_id AND nm.member_id = NEW.staff_org_id
    JOIN memberships m ON m.organisation_id = NEW.staff_org_id AND m.user_id = NEW.user_id AND m.role <> 'resident'
    WHERE e.id = NEW.event_id AND e.organisation_id = NEW.organisation_id AND e.network_audience
  ) THEN
    RAISE EXCEPTION 'a staff registration needs a club meeting of a network the landlord is a member of, and its staff' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_registrations_staff_check BEFORE INSERT OR UPDATE OF user_id, staff_org_id, event_id ON community_registrations
  FOR EACH ROW WHEN (NEW.staff_org_id IS NOT NULL AND NEW.status <> 'cancelled')
  EXECUTE FUNCTION community_check_staff_registration();
`,
};
