import type { Migration } from '../../../platform/db/migration.js';

// In-app notifications beyond answers to proposals: a registration confirmed (or a request accepted),
// moved up from the waiting list, its activity changed (date, time or place) or cancelled. Same table
// and page as the answers (`/community/notifications`), one row per account told, of the person's own
// landlord — a neighbour's names the organising landlord in `event_org_id`, as `proposal_org_id` does
// for answers. The activity's public facts at the time (title, start, the cancellation's reason) are
// copied on the row, as in the e-mail or SMS sent with it, so the page never reads another landlord's rows.
export const migration: Migration = {
  id: '20261211120100_community_registration_notifications',
  sql: `
ALTER TABLE community_notifications
  ALTER COLUMN proposal_id DROP NOT NULL,
  ALTER COLUMN answer_id DROP NOT NULL,
  ADD COLUMN kind text CHECK (kind IN ('confirmed', 'promoted', 'approved', 'changed', 'cancelled')),
  ADD COLUMN event_id uuid REFERENCES community_events ON DELETE CASCADE,
  ADD COLUMN event_org_id uuid REFERENCES organisations,
  ADD COLUMN event_title text CHECK (length(event_title) <= 200),
  ADD COLUMN event_starts_at timestamptz,
  ADD COLUMN reason text,
  ADD CONSTRAINT community_notifications_event_other CHECK (event_org_id IS DISTINCT FROM organisation_id),
  ADD CONSTRAINT community_notifications_what CHECK (
    (kind IS NULL AND proposal_id IS NOT NULL AND answer_id IS NOT NULL AND event_id IS NULL)
    OR (kind IS NOT NULL AND event_id IS NOT NULL AND event_title IS NOT NULL AND event_starts_at IS NOT NULL AND proposal_id IS NULL AND answer_id IS NULL));
`,
};
