import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// A person's private calendar feed: a secret address (only its hash is kept) that a phone's calendar
// reads without signing in. One live feed per person and landlord; making a new one or stopping it
// sets revoked_at, and the old address answers 404 at once.
export const migration: Migration = {
  id: '20261205083000_community_calendar_feeds',
  sql: `
CREATE TABLE community_calendar_feeds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE UNIQUE INDEX community_calendar_feeds_live ON community_calendar_feeds (organisation_id, user_id) WHERE revoked_at IS NULL;
${tenantTable('community_calendar_feeds')}
`,
};
