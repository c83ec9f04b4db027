import type { Migration } from '../../../platform/db/migration.js';

// Who hears about a household's requests and parcels: the resident account that subscribed online
// (a household subscribed at the counter without an account is told at the counter). Parcels are
// reminded once after a few days.
export const migration: Migration = {
  id: '20261204191500_concierge_notices',
  sql: `
ALTER TABLE concierge_subscriptions ADD COLUMN contact_user_id uuid REFERENCES users ON DELETE SET NULL;
ALTER TABLE concierge_parcels ADD COLUMN reminded_at timestamptz;
-- A provider's step waits here for the association to tell the household (a provider never reads subscriptions or accounts).
ALTER TABLE concierge_requests ADD COLUMN notice_pending text;
CREATE INDEX concierge_requests_notice_pending ON concierge_requests (organisation_id) WHERE notice_pending IS NOT NULL;`,
};
