import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, IN_TEAM, MANAGES, needToKnowTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261205084000_support_external_referrals',
  sql: `
-- A referral to an association that is not on Palier: a printed (or PDF) sheet carries only the
-- fields the person agreed to share; the association's answer is recorded when it comes back.
CREATE TABLE support_external_referrals (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  association text NOT NULL CHECK (length(association) BETWEEN 1 AND 200),
  contact text NOT NULL DEFAULT '',
  shared jsonb NOT NULL,
  purpose text NOT NULL,
  consent_recorded_by uuid NOT NULL REFERENCES users,
  consent_given_at timestamptz NOT NULL DEFAULT now(),
  consent_until date NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'declined')),
  answer text NOT NULL DEFAULT '',
  answered_at timestamptz,
  answered_by uuid REFERENCES users
);
CREATE INDEX support_external_referrals_case ON support_external_referrals (case_id);
${needToKnowTable('support_external_referrals', `${ASSIGNED('support_external_referrals.case_id')} OR ${MANAGES('support_external_referrals.programme_id')} OR ${IN_TEAM('support_external_referrals.programme_id')}`)}`,
};
