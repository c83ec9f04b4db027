import { type Migration, tenantTable } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261206130000_support_group_quotas',
  sql: `
-- A partner commitment shared by several landlords of a group (e.g. 70 refugee families a year for
-- the group, whichever landlord houses them). The lead landlord declares it and names the member
-- landlords; each member keeps its own quota row and its own allocations (its cases' detail stays
-- its own), and the group's progress is summed by a SECURITY DEFINER function that returns counts only.
CREATE TABLE support_group_commitments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  partner_org_id uuid NOT NULL REFERENCES organisations,
  label text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  places integer NOT NULL CHECK (places BETWEEN 1 AND 100000),
  member_org_ids uuid[] NOT NULL DEFAULT '{}',
  CHECK (period_end > period_start)
);
${tenantTable('support_group_commitments', `nullif(current_setting('app.org_id', true), '')::uuid = ANY (member_org_ids)`)}

ALTER TABLE support_quotas ADD COLUMN group_commitment_id uuid REFERENCES support_group_commitments;

-- The group's progress for a member (or the lead): landlords taking part, places given by all of them.
-- Only quotas of landlords named in the commitment count, so nobody joins a group by pointing at it.
CREATE FUNCTION support_group_progress(p_group uuid)
RETURNS TABLE (places integer, given integer, landlords integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH me AS (SELECT nullif(current_setting('app.org_id', true), '')::uuid AS id),
  g AS (
    SELECT gc.* FROM support_group_commitments gc, me
    WHERE gc.id = p_group AND (gc.organisation_id = me.id OR me.id = ANY (gc.member_org_ids))
  ),
  q AS (
    SELECT sq.id, sq.organisation_id FROM support_quotas sq JOIN g ON sq.group_commitment_id = g.id
    WHERE sq.organisation_id = g.organisation_id OR sq.organisation_id = ANY (g.member_org_ids)
  )
  SELECT g.places,
         (SELECT count(*)::integer FROM support_quota_allocations a JOIN q ON q.id = a.quota_id),
         (SELECT count(DISTINCT q.organisation_id)::integer FROM q)
  FROM g
$$;
REVOKE ALL ON FUNCTION support_group_progress(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_group_progress(uuid) TO palier_app;`,
};
