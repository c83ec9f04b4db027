import { sharedTable } from '../../db/migration.js';
import type { Migration } from '../../db/migration.js';

export const migration: Migration = {
  id: '20261204000100_accounts',
  sql: `
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text,
  phone text,
  display_name text NOT NULL,
  password_hash text,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_phone_key ON users (phone);
${sharedTable('users')}

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  current_org_id uuid,
  acting_for_user_id uuid REFERENCES users ON DELETE CASCADE,
  mfa_passed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  idle_minutes integer NOT NULL,
  user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id);
${sharedTable('sessions')}

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_key_at ON login_attempts (key, at);
${sharedTable('login_attempts')}
GRANT USAGE ON SEQUENCE login_attempts_id_seq TO palier_app;

CREATE TABLE one_time_codes (
  code_hash text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('reset', 'activation')),
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  email_at_issue text,
  password_changed_at_issue timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
${sharedTable('one_time_codes')}

CREATE TABLE recovery_codes (
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
${sharedTable('recovery_codes')}`,
};
