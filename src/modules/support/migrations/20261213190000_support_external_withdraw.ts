import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261213190000_support_external_withdraw',
  sql: `
-- A referral sheet to an association not on Palier can be withdrawn after it was printed (the person changed their
-- mind, the sheet went to the wrong place): the reason is kept, the consent is recorded as ended that day, and a
-- sheet printed again says WITHDRAWN with the date. The reason (10-500 characters, checked by the command) is cleared
-- with the rest of the copy when the case is anonymised.
ALTER TABLE support_external_referrals DROP CONSTRAINT support_external_referrals_status_check;
ALTER TABLE support_external_referrals ADD CONSTRAINT support_external_referrals_status_check CHECK (status IN ('sent', 'accepted', 'declined', 'withdrawn'));
ALTER TABLE support_external_referrals
  ADD COLUMN withdrawn_at timestamptz,
  ADD COLUMN withdrawn_by uuid REFERENCES users,
  ADD COLUMN withdraw_reason text NOT NULL DEFAULT '',
  ADD COLUMN consent_ended_on date,
  ADD CONSTRAINT support_external_referrals_withdrawn CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND consent_ended_on IS NOT NULL));`,
};
