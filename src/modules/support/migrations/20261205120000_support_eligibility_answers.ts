import type { Migration } from '../../../platform/db/migration.js';
import { ME, needToKnowTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261205120000_support_eligibility_answers',
  sql: `
-- The adviser's answer (yes / no / unknown, never free text) to each eligibility question of the
-- case's programme, by the question's position; the question is copied so a later rewording of the
-- programme does not change what was answered. Visible exactly as the case is (its RLS).
CREATE TABLE support_eligibility_answers (
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  question_index smallint NOT NULL CHECK (question_index BETWEEN 0 AND 19),
  question text NOT NULL,
  answer text NOT NULL CHECK (answer IN ('yes', 'no', 'unknown')),
  answered_by uuid REFERENCES users,
  answered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, question_index)
);
CREATE INDEX support_eligibility_answers_programme ON support_eligibility_answers (programme_id, question_index);
${needToKnowTable('support_eligibility_answers', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_eligibility_answers.case_id)')}

-- Creates through /api/v1 carry an Idempotency-Key: the same key from the same person gives back
-- what the first call made instead of a second case or referral.
CREATE TABLE support_api_idempotency (
  organisation_id uuid NOT NULL REFERENCES organisations,
  user_id uuid NOT NULL REFERENCES users,
  key text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
  operation text NOT NULL,
  resource_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, user_id, key)
);
${needToKnowTable('support_api_idempotency', `support_api_idempotency.user_id = ${ME}`)}`,
};
