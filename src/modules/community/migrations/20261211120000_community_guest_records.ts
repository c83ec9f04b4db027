import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
const USER_ID = "nullif(current_setting('app.user_id', true), '')::uuid";

// A neighbour's own records at another landlord of the neighbourhood (registrations, proposals,
// supports, comments: rows of the organiser naming the neighbour's landlord in guest_org_id) are read
// in the neighbour's own landlord's context through the neighbour view only while the household lives
// in that neighbourhood, and comments not at all. These two functions give the person, and only them,
// their own records wherever they live now — for "Mes activités", the private feed and the personal
// data export — and nothing of the activities or proposals of others (no policy is widened).
// SECURITY DEFINER because the records are another landlord's rows; each function reads its caller
// from the transaction's settings (the landlord and, for the second, the person), never from an argument
// that could name someone else's, and checks that the person belongs to that landlord.
export const migration: Migration = {
  id: '20261211120000_community_guest_records',
  sql: `
-- The registrations of one household of the context's landlord to other landlords' activities, by its
-- household id: they follow the household, not a dwelling (the next tenants of its old home are another
-- household) nor a neighbourhood (a move keeps them).
CREATE FUNCTION community_household_guest_registrations(p_household uuid)
RETURNS TABLE (id uuid, event_id uuid, organisation_id uuid, landlord text, neighbourhood_id uuid, event text, starts_at timestamptz, ends_at timestamptz,
  status text, adults integer, children integer, attendance text, created_at timestamptz, cancelled_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.id, r.event_id, r.organisation_id, o.name, e.neighbourhood_id, e.title, e.starts_at, e.ends_at,
    r.status::text, r.adults, r.children, r.attendance::text, r.created_at, r.cancelled_at
  FROM households h
  JOIN community_registrations r ON r.household_id = h.id AND r.guest_org_id = h.organisation_id
  JOIN community_events e ON e.id = r.event_id
  JOIN organisations o ON o.id = r.organisation_id
  WHERE h.id = p_household AND h.organisation_id = ${ORG}
  ORDER BY e.starts_at DESC
  LIMIT 5000
$$;
REVOKE ALL ON FUNCTION community_household_guest_registrations(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION community_household_guest_registrations(uuid) TO palier_app;

-- The proposals, comments and supports the context's person made as a resident of the context's landlord
-- on other landlords' processes, hidden ones included (with the reason), as the export shows their own.
CREATE FUNCTION community_my_guest_contributions()
RETURNS TABLE (kind text, landlord text, process text, proposal text, body text, category text, place text, status text,
  created_at timestamptz, hidden_at timestamptz, hidden_reason text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH me AS (
    SELECT ${ORG} AS org, ${USER_ID} AS usr
    WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ${USER_ID} AND m.organisation_id = ${ORG})
  )
  SELECT 'proposal', o.name, pr.title, p.title, p.body, p.category::text, p.place, p.status::text, p.created_at, p.hidden_at, p.hidden_reason
  FROM me JOIN community_proposals p ON p.guest_org_id = me.org AND p.author_user_id = me.usr
  JOIN community_processes pr ON pr.id = p.process_id JOIN organisations o ON o.id = p.organisation_id
  UNION ALL
  SELECT 'comment', o.name, pr.title, p.title, c.body, NULL, NULL, NULL, c.created_at, c.hidden_at, c.hidden_reason
  FROM me JOIN community_comments c ON c.guest_org_id = me.org AND c.author_user_id = me.usr
  JOIN community_proposals p ON p.id = c.proposal_id JOIN community_processes pr ON pr.id = p.process_id JOIN organisations o ON o.id = c.organisation_id
  UNION ALL
  SELECT 'support', o.name, pr.title, p.title, NULL, NULL, NULL, NULL, s.created_at, NULL, NULL
  FROM me JOIN community_supports s ON s.guest_org_id = me.org AND s.user_id = me.usr
  JOIN community_proposals p ON p.id = s.proposal_id JOIN community_processes pr ON pr.id = p.process_id JOIN organisations o ON o.id = s.organisation_id
  ORDER BY 9 DESC
  LIMIT 5000
$$;
REVOKE ALL ON FUNCTION community_my_guest_contributions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION community_my_guest_contributions() TO palier_app;
`,
};
