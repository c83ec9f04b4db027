import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';
// Progress milestones of an accepted proposal: what will be done, planned for when, and when it was
// done. Public facts shown on the proposal and on the "you said, we did" board ("what is next").
export const migration: Migration = {
  id: '20261206100000_community_milestones',
  sql: `
CREATE TABLE community_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  proposal_id uuid NOT NULL REFERENCES community_proposals ON DELETE CASCADE,
  label text NOT NULL CHECK (length(label) BETWEEN 3 AND 200),
  planned_on date,
  done_on date,
  created_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX community_milestones_proposal ON community_milestones (proposal_id, created_at);
${tenantTable('community_milestones')}
`,
};
