import type { Migration } from '../../../platform/db/migration.js';
import { needToKnowTable } from './need-to-know-sql.js';

export const migration: Migration = {
  id: '20261206130100_support_solidarity_actions',
  sql: `
-- The solidarity actions a flat-share carries out with residents, each optionally linked to a
-- community event (validated through the community module's public reports; its title copied,
-- so support never reads community tables). Visible exactly as the flat-share's case is.
CREATE TABLE support_solidarity_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  case_id uuid NOT NULL REFERENCES support_cases ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  held_on date NOT NULL,
  residents integer NOT NULL DEFAULT 0 CHECK (residents BETWEEN 0 AND 10000),
  community_event_id uuid,
  community_event_title text,
  created_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_solidarity_actions_case ON support_solidarity_actions (case_id, held_on);
${needToKnowTable('support_solidarity_actions', 'EXISTS (SELECT 1 FROM support_cases c WHERE c.id = support_solidarity_actions.case_id)')}`,
};
