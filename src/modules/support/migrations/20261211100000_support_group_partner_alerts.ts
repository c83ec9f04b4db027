import type { Migration } from '../../../platform/db/migration.js';

const ORG = `nullif(current_setting('app.org_id', true), '')::uuid`;

export const migration: Migration = {
  id: '20261211100000_support_group_partner_alerts',
  sql: `
-- The partner association sees the total of a group commitment made to it: its name, the places promised and given
-- by all the landlords named, and how many take part — counts only, never a landlord's own allocations.
CREATE FUNCTION support_group_total_for_partner(p_group uuid)
RETURNS TABLE (label text, places integer, given integer, landlords integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH g AS (SELECT gc.* FROM support_group_commitments gc WHERE gc.id = p_group AND gc.partner_org_id = ${ORG}),
  q AS (
    SELECT sq.id, sq.organisation_id FROM support_quotas sq JOIN g ON sq.group_commitment_id = g.id
    WHERE sq.organisation_id = g.organisation_id OR sq.organisation_id = ANY (g.member_org_ids)
  )
  SELECT g.label, g.places,
         (SELECT count(*)::integer FROM support_quota_allocations a JOIN q ON q.id = a.quota_id),
         (SELECT count(DISTINCT q.organisation_id)::integer FROM q)
  FROM g
$$;
REVOKE ALL ON FUNCTION support_group_total_for_partner(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_group_total_for_partner(uuid) TO palier_app;

-- A commitment falling behind schedule is e-mailed once: the day of the alert is kept while it stays behind,
-- cleared when it catches up, so falling behind again is told again.
ALTER TABLE support_quotas ADD COLUMN behind_alerted_at timestamptz;
`,
};
