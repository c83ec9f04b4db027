import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// An event's life after creation: edited or cancelled (with the reason told to registrants),
// requests approved or refused (a refused household may not ask again), one reminder per registration (reminded_at makes the job
// idempotent), guests' contact details erased after the event (contact_purged_at), and reports
// on proposals as well as on comments.
export const migration: Migration = {
  id: '20261204190000_community_lifecycle',
  sql: `
ALTER TABLE community_events ADD COLUMN cancel_reason text;
ALTER TABLE community_events ADD COLUMN updated_at timestamptz;
ALTER TABLE community_events ADD CONSTRAINT community_events_cancel_reason CHECK (cancelled_at IS NULL OR cancel_reason IS NOT NULL);

ALTER TABLE community_registrations DROP CONSTRAINT community_registrations_status_check;
ALTER TABLE community_registrations ADD CONSTRAINT community_registrations_status_check CHECK (status IN ('confirmed', 'waiting', 'pending', 'refused', 'cancelled'));
ALTER TABLE community_registrations ADD COLUMN decided_by uuid REFERENCES users;
ALTER TABLE community_registrations ADD COLUMN reminded_at timestamptz;
ALTER TABLE community_registrations ADD COLUMN contact_purged_at timestamptz;

ALTER TABLE community_proposals ADD COLUMN reports integer NOT NULL DEFAULT 0;
ALTER TABLE community_proposals ADD COLUMN hidden_by uuid REFERENCES users;

CREATE TABLE community_proposal_reports (
  organisation_id uuid NOT NULL REFERENCES organisations,
  proposal_id uuid NOT NULL REFERENCES community_proposals ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (proposal_id, user_id)
);
${tenantTable('community_proposal_reports')}
`,
};
