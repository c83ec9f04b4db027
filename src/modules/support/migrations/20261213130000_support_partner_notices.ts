import type { Migration } from '../../../platform/db/migration.js';

const ORG = `nullif(current_setting('app.org_id', true), '')::uuid`;

export const migration: Migration = {
  id: '20261213130000_support_partner_notices',
  sql: `
-- A group commitment falling behind schedule is alerted as a whole, once per falling-behind (as a landlord's own
-- commitment is): the moment of the alert is kept while it stays behind, cleared when it catches up.
ALTER TABLE support_group_commitments ADD COLUMN behind_alerted_at timestamptz;

-- The association is told once when the consent of a referral made to it reaches its end date (its access is gone).
ALTER TABLE support_referrals ADD COLUMN consent_end_told_at timestamptz;
CREATE INDEX support_referrals_consent_running ON support_referrals (consent_until) WHERE status = 'active' AND consent_end_told_at IS NULL;

-- The partner association sees, for the places given under commitments made to it, which dwelling was allocated:
-- the residence's name and the dwelling's reference — never the household living there, nor the landlord's other
-- rows (the allocations stay the landlord's; this reads only those of commitments made to the caller).
CREATE FUNCTION support_allocations_for_partner()
RETURNS TABLE (quota_id uuid, seat integer, applicant_ref text, allocated_on date, dwelling_ref text, residence text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.quota_id, a.seat, a.applicant_ref, a.allocated_on, dw.reference, r.name
    FROM support_quota_allocations a
    JOIN support_quotas q ON q.id = a.quota_id AND q.organisation_id = a.organisation_id
    LEFT JOIN dwellings dw ON dw.id = a.dwelling_id AND dw.organisation_id = a.organisation_id
    LEFT JOIN residences r ON r.id = dw.residence_id
   WHERE q.partner_org_id = ${ORG}
   ORDER BY a.quota_id, a.seat
$$;
REVOKE ALL ON FUNCTION support_allocations_for_partner() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_allocations_for_partner() TO palier_app;
`,
};
