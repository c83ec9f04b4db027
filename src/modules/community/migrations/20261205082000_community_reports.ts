import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// After an activity: one short report by the organiser (what happened, people who came without
// registering), and photos kept only with the organiser's statement that the people shown agreed
// (consent_at is required, never defaulted). The bytes live in platform/files; a row holds the key.
// The unused `community_events.report` column of the first migration is replaced by the table.
export const migration: Migration = {
  id: '20261205082000_community_reports',
  sql: `
ALTER TABLE community_events DROP COLUMN report;

CREATE TABLE community_event_reports (
  event_id uuid PRIMARY KEY REFERENCES community_events ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations,
  body text NOT NULL CHECK (length(body) BETWEEN 3 AND 4000),
  walk_ins integer NOT NULL DEFAULT 0 CHECK (walk_ins BETWEEN 0 AND 500),
  written_by uuid REFERENCES users,
  written_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);
${tenantTable('community_event_reports')}

CREATE TABLE community_event_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  event_id uuid NOT NULL REFERENCES community_event_reports ON DELETE CASCADE,
  storage_key text NOT NULL UNIQUE,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  caption text NOT NULL DEFAULT '' CHECK (length(caption) <= 200),
  consent_by uuid NOT NULL REFERENCES users,
  consent_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX community_event_photos_event ON community_event_photos (event_id, created_at);
${tenantTable('community_event_photos')}
`,
};
