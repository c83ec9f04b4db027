import type { Migration } from '../../db/migration.js';

// Append-only: the application role may insert and read its organisation's events, never change them.
export const migration: Migration = {
  id: '20261204000200_audit',
  sql: `
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  organisation_id uuid,
  actor_user_id uuid,
  acting_for_user_id uuid,
  action text NOT NULL,
  target_type text,
  target_id text,
  ip text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_org_at ON audit_events (organisation_id, at DESC);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_insert ON audit_events FOR INSERT WITH CHECK (true);
CREATE POLICY audit_events_read ON audit_events FOR SELECT
  USING (organisation_id = nullif(current_setting('app.org_id', true), '')::uuid);
GRANT SELECT, INSERT ON audit_events TO palier_app;
GRANT USAGE ON SEQUENCE audit_events_id_seq TO palier_app;`,
};
