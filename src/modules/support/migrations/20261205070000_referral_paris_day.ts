import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, MANAGES } from './need-to-know-sql.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

export const migration: Migration = {
  id: '20261205070000_referral_paris_day',
  sql: `
-- Consent runs to the end of its last day in Paris. current_date follows the session's time zone
-- (UTC on most servers), which kept an expired referral visible to the partner for an hour or two.
DROP POLICY support_referrals_need_to_know ON support_referrals;
CREATE POLICY support_referrals_need_to_know ON support_referrals
  USING (
    (organisation_id = ${ORG} AND (${ASSIGNED('support_referrals.case_id')} OR ${MANAGES('support_referrals.programme_id')}))
    OR (partner_org_id = ${ORG} AND status = 'active' AND consent_until >= (now() AT TIME ZONE 'Europe/Paris')::date)
  )
  WITH CHECK (organisation_id = ${ORG});`,
};
