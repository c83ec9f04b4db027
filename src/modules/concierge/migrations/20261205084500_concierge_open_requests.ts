import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261205084500_concierge_open_requests',
  sql: `
-- The work queue reads the open requests, oldest first. Years of closed requests (300,000 at a busy
-- desk) stay out of this index, so the queue costs the same on the first day and after ten years.
CREATE INDEX concierge_requests_open ON concierge_requests (organisation_id, created_at) WHERE status NOT IN ('closed', 'cancelled');`,
};
