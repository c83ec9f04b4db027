import type { Migration } from '../../../platform/db/migration.js';

const ORG = `nullif(current_setting('app.org_id', true), '')::uuid`;

export const migration: Migration = {
  id: '20261207110000_support_quota_proposals',
  sql: `
-- A partner reads the commitments a landlord made to it (label, year, places) — not the allocations,
-- which stay the landlord's. Read only: the landlord's own policy still governs every write.
CREATE POLICY support_quotas_partner_read ON support_quotas FOR SELECT USING (partner_org_id = ${ORG});

-- Applicants proposed by the partner against a commitment: a reference of the partner's, the household's
-- size and what it needs — never a name. The partner proposes; the landlord allocates a place or declines.
CREATE TABLE support_quota_proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  quota_id uuid NOT NULL REFERENCES support_quotas ON DELETE CASCADE,
  partner_org_id uuid NOT NULL REFERENCES organisations,
  applicant_ref text NOT NULL CHECK (length(applicant_ref) BETWEEN 1 AND 60),
  household_size smallint NOT NULL CHECK (household_size BETWEEN 1 AND 20),
  need text NOT NULL DEFAULT '' CHECK (length(need) <= 300),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'allocated', 'declined')),
  seat integer,
  proposed_by uuid REFERENCES users,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  UNIQUE (quota_id, applicant_ref)
);
CREATE INDEX support_quota_proposals_partner ON support_quota_proposals (partner_org_id, status);
ALTER TABLE support_quota_proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_quota_proposals FORCE ROW LEVEL SECURITY;
-- Both sides read them; only the partner named on a commitment it can see proposes; only the landlord answers.
CREATE POLICY support_quota_proposals_read ON support_quota_proposals FOR SELECT USING (organisation_id = ${ORG} OR partner_org_id = ${ORG});
CREATE POLICY support_quota_proposals_propose ON support_quota_proposals FOR INSERT WITH CHECK (
  partner_org_id = ${ORG}
  AND EXISTS (SELECT 1 FROM support_quotas q WHERE q.id = quota_id AND q.partner_org_id = ${ORG} AND q.organisation_id = support_quota_proposals.organisation_id)
);
CREATE POLICY support_quota_proposals_answer ON support_quota_proposals FOR UPDATE USING (organisation_id = ${ORG}) WITH CHECK (organisation_id = ${ORG});
GRANT SELECT, INSERT, UPDATE ON support_quota_proposals TO palier_app;
`,
};
