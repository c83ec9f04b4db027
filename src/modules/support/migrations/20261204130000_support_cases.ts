import type { Migration } from '../../../platform/db/migration.js';
import { ASSIGNED, MANAGES, ME, needToKnowTable, tenantTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261204130000_support_cases',
  sql: `
CREATE TABLE support_programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  kind text NOT NULL CHECK (kind IN ('rent_aid', 'housing_adaptation', 'sliding_lease', 'onboarding', 'flat_share', 'transfer', 'mental_health', 'domestic_violence', 'generic')),
  name text NOT NULL,
  sensitivity text NOT NULL DEFAULT 'sensitive' CHECK (sensitivity IN ('normal', 'sensitive', 'highly_sensitive')),
  partner_org_id uuid REFERENCES organisations,
  residence_kinds text[] NOT NULL DEFAULT '{}',
  steps jsonb NOT NULL DEFAULT '[]',
  retention_months smallint NOT NULL DEFAULT 24 CHECK (retention_months BETWEEN 1 AND 240),
  legal_basis text NOT NULL DEFAULT '',
  notice text NOT NULL DEFAULT '',
  manager_user_id uuid REFERENCES users,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);
${tenantTable('support_programmes')}

CREATE TABLE support_case_assignments (
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  user_id uuid NOT NULL REFERENCES users,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX support_case_assignments_user ON support_case_assignments (user_id);
${needToKnowTable('support_case_assignments', `support_case_assignments.user_id = ${ME} OR ${MANAGES('support_case_assignments.programme_id')}`)}

CREATE TABLE support_cases (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  programme_id uuid NOT NULL REFERENCES support_programmes,
  household_id uuid NOT NULL REFERENCES households,
  reference text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  stage text,
  stage_since timestamptz,
  confidential_address boolean NOT NULL DEFAULT false,
  situation text NOT NULL DEFAULT '',
  outcome text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  opened_by uuid REFERENCES users,
  last_contact_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (organisation_id, reference)
);
ALTER TABLE support_case_assignments ADD FOREIGN KEY (case_id) REFERENCES support_cases ON DELETE CASCADE;
${needToKnowTable('support_cases', `${ASSIGNED('support_cases.id')} OR ${MANAGES('support_cases.programme_id')}`)}

CREATE TABLE support_case_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  key text NOT NULL,
  due_on date NOT NULL,
  done_at timestamptz,
  UNIQUE (case_id, key)
);
${needToKnowTable('support_case_steps', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_case_steps.case_id)')}

CREATE TABLE support_case_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  author_user_id uuid REFERENCES users,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
${needToKnowTable('support_case_notes', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_case_notes.case_id)')}

CREATE TABLE support_stage_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  stage text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
${needToKnowTable('support_stage_history', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_stage_history.case_id)')}

CREATE TABLE support_quotas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  partner_org_id uuid NOT NULL REFERENCES organisations,
  label text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  places integer NOT NULL CHECK (places BETWEEN 1 AND 10000),
  CHECK (period_end > period_start),
  UNIQUE (organisation_id, partner_org_id, period_start)
);
${tenantTable('support_quotas')}

-- One row per place given; the seat number makes a second grant of the same place impossible.
CREATE TABLE support_quota_allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  quota_id uuid NOT NULL REFERENCES support_quotas,
  seat integer NOT NULL CHECK (seat >= 1),
  applicant_ref text NOT NULL,
  dwelling_id uuid REFERENCES dwellings,
  allocated_on date NOT NULL,
  allocated_by uuid REFERENCES users,
  UNIQUE (quota_id, seat)
);
${tenantTable('support_quota_allocations')}`,
};
