import type { Migration } from '../../../platform/db/migration.js';
import { ME } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261205082000_support_step_up',
  sql: `
-- A second factor given again before opening a sensitive case: valid for the session it was given
-- in, and gone with it (signing out, expiry). Each row is also in the audit trail (support.step_up).
CREATE TABLE support_step_ups (
  session_hash text PRIMARY KEY REFERENCES sessions (token_hash) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  verified_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE support_step_ups ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_step_ups FORCE ROW LEVEL SECURITY;
CREATE POLICY support_step_ups_own ON support_step_ups USING (user_id = ${ME}) WITH CHECK (user_id = ${ME});
GRANT SELECT, INSERT, UPDATE, DELETE ON support_step_ups TO palier_app;`,
};
