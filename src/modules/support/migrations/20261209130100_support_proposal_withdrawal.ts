import type { Migration } from '../../../platform/db/migration.js';

const ORG = `nullif(current_setting('app.org_id', true), '')::uuid`;

export const migration: Migration = {
  id: '20261209130100_support_proposal_withdrawal',
  sql: `
-- A partner may withdraw an applicant it proposed, as long as the landlord has not answered.
ALTER TABLE support_quota_proposals DROP CONSTRAINT support_quota_proposals_status_check;
ALTER TABLE support_quota_proposals ADD CONSTRAINT support_quota_proposals_status_check CHECK (status IN ('proposed', 'allocated', 'declined', 'withdrawn'));
ALTER TABLE support_quota_proposals ADD COLUMN withdrawn_at timestamptz;
-- The partner updates only its own proposals still awaiting an answer, and only to withdraw them.
CREATE POLICY support_quota_proposals_withdraw ON support_quota_proposals FOR UPDATE
  USING (partner_org_id = ${ORG} AND status = 'proposed')
  WITH CHECK (partner_org_id = ${ORG} AND status = 'withdrawn');

-- Whom to tell at the landlord when a partner proposes or withdraws an applicant: its programme managers.
-- SECURITY DEFINER because memberships are the landlord's; only for a commitment made to the caller's
-- organisation, and only user ids (the notice reads the address and language itself).
CREATE FUNCTION support_quota_landlord_managers(p_quota uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.user_id FROM support_quotas q
    JOIN memberships m ON m.organisation_id = q.organisation_id AND m.role = 'programme_manager'
   WHERE q.id = p_quota AND q.partner_org_id = ${ORG}
$$;
REVOKE ALL ON FUNCTION support_quota_landlord_managers(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_quota_landlord_managers(uuid) TO palier_app;
`,
};
