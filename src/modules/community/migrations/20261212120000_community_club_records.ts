import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
const USER_ID = "nullif(current_setting('app.user_id', true), '')::uuid";

// A member landlord's staff registration to a club meeting is a row of the network (migration
// 20261211160000), which the person's own landlord's context never sees. Their personal data export,
// run in that context, reads their own registrations here: the transaction's person and landlord only
// (from the settings, never from an argument), checked to be staff of that landlord now, as
// community_my_guest_contributions does. SECURITY DEFINER because the rows are the network's; it gives
// the meeting's public facts and the person's own registration, nothing of anyone else.
export const migration: Migration = {
  id: '20261212120000_community_club_records',
  sql: `
CREATE FUNCTION community_my_club_registrations()
RETURNS TABLE (network text, event text, starts_at timestamptz, status text, created_at timestamptz, cancelled_at timestamptz, meeting_cancelled_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.name, e.title, e.starts_at, r.status::text, r.created_at, r.cancelled_at, e.cancelled_at
  FROM community_registrations r
  JOIN community_events e ON e.id = r.event_id AND e.network_audience
  JOIN organisations o ON o.id = r.organisation_id
  WHERE r.staff_org_id = ${ORG} AND r.user_id = ${USER_ID}
    AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ${USER_ID} AND m.organisation_id = ${ORG} AND m.role <> 'resident')
  ORDER BY e.starts_at DESC
  LIMIT 5000
$$;
REVOKE ALL ON FUNCTION community_my_club_registrations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION community_my_club_registrations() TO palier_app;
`,
};
