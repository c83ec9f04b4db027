import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';
// Residents named co-organisers of an activity by staff: they take the roll call of that activity
// (names only, never contacts). Associations stay in the free-text `co_organisers` column.
export const migration: Migration = {
  id: '20261206100100_community_co_organisers',
  sql: `
CREATE TABLE community_event_organisers (
  organisation_id uuid NOT NULL REFERENCES organisations,
  event_id uuid NOT NULL REFERENCES community_events ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  added_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX community_event_organisers_user ON community_event_organisers (user_id);
${tenantTable('community_event_organisers')}
`,
};
