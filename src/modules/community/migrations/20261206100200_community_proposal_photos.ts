import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';
// A photo of the place a proposal is about (one per proposal), given with the proposal. The bytes
// live in platform/files; the row holds the key, and the description is the image's alternative text.
export const migration: Migration = {
  id: '20261206100200_community_proposal_photos',
  sql: `
CREATE TABLE community_proposal_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  proposal_id uuid NOT NULL UNIQUE REFERENCES community_proposals ON DELETE CASCADE,
  storage_key text NOT NULL UNIQUE,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  caption text NOT NULL DEFAULT '' CHECK (length(caption) <= 200),
  added_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
${tenantTable('community_proposal_photos')}
`,
};
