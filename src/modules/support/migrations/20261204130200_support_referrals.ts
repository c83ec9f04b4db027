import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, MANAGES } from './need-to-know-sql.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

export const migration: Migration = {
  id: '20261204130200_support_referrals',
  sql: `
-- A referral carries a copy of only the fields the person agreed to share. The partner association
-- reads that copy, never the case, and only while the referral is active and the consent runs.
CREATE TABLE support_referrals (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  partner_org_id uuid NOT NULL REFERENCES organisations,
  shared jsonb NOT NULL,
  purpose text NOT NULL,
  consent_recorded_by uuid NOT NULL REFERENCES users,
  consent_given_at timestamptz NOT NULL DEFAULT now(),
  consent_until date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'revoked')),
  closed_at timestamptz,
  answer text NOT NULL DEFAULT ''
);
CREATE INDEX support_referrals_partner ON support_referrals (partner_org_id) WHERE status = 'active';
ALTER TABLE support_referrals ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_referrals FORCE ROW LEVEL SECURITY;
CREATE POLICY support_referrals_need_to_know ON support_referrals
  USING (
    (organisation_id = ${ORG} AND (${ASSIGNED('support_referrals.case_id')} OR ${MANAGES('support_referrals.programme_id')}))
    OR (partner_org_id = ${ORG} AND status = 'active' AND consent_until >= current_date)
  )
  WITH CHECK (organisation_id = ${ORG});
GRANT SELECT, INSERT, UPDATE, DELETE ON support_referrals TO palier_app;`,
};
