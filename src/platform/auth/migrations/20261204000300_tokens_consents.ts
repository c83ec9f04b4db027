import { tenantTable } from '../../db/migration.js';
import type { Migration } from '../../db/migration.js';

export const migration: Migration = {
  id: '20261204000300_tokens_consents',
  sql: `
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_by uuid NOT NULL REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
${tenantTable('api_tokens', "token_hash = current_setting('app.token_hash', true)")}

CREATE TABLE assistance_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  resident_user_id uuid NOT NULL REFERENCES users,
  staff_user_id uuid NOT NULL REFERENCES users,
  scope text NOT NULL,
  given_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > given_at)
);
${tenantTable('assistance_consents')}`,
};
