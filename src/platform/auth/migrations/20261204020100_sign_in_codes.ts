import type { Migration } from '../../db/migration.js';

// Codes sent by SMS to sign in join reset links and activation codes; lookups by person and purpose
// revoke the older codes when a new one is issued.
export const migration: Migration = {
  id: '20261204020100_sign_in_codes',
  sql: `
ALTER TABLE one_time_codes DROP CONSTRAINT one_time_codes_purpose_check;
ALTER TABLE one_time_codes ADD CONSTRAINT one_time_codes_purpose_check CHECK (purpose IN ('reset', 'activation', 'sms_signin'));
CREATE INDEX one_time_codes_user_purpose ON one_time_codes (user_id, purpose) WHERE used_at IS NULL;`,
};
