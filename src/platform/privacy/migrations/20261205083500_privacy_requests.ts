import { type Migration, tenantTable } from '../../db/migration.js';

// Requests people make about their personal data (GDPR arts. 15–21), kept by their organisation's
// data-protection officer: received date, one-month deadline, identity check, status and answer.
export const migration: Migration = {
  id: '20261205083500_privacy_requests',
  sql: `
CREATE TABLE privacy_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  subject_user_id uuid REFERENCES users(id),
  subject_name text NOT NULL CHECK (length(subject_name) BETWEEN 2 AND 120),
  kind text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'objection', 'restriction')),
  details text NOT NULL DEFAULT '' CHECK (length(details) <= 2000),
  received_on date NOT NULL,
  due_on date NOT NULL CHECK (due_on >= received_on),
  identity_checked boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'answered', 'refused')),
  answer text NOT NULL DEFAULT '' CHECK (length(answer) <= 4000),
  answered_on date,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('answered', 'refused')) = (answered_on IS NOT NULL))
);
CREATE INDEX privacy_requests_org_due ON privacy_requests (organisation_id, status, due_on);
${tenantTable('privacy_requests')}`,
};
