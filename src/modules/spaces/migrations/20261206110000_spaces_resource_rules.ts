import type { Migration } from '../../../platform/db/migration.js';

// Rules per resource: every column NULL means "as the space"; a value overrides the space's rule for
// this resource only. `own_hours` says the resource has its own opening hours (rows of space_hours
// with its resource_id) instead of the space's (rows with resource_id NULL).
export const migration: Migration = {
  id: '20261206110000_spaces_resource_rules',
  sql: `
ALTER TABLE space_resources
  ADD COLUMN slot_minutes smallint CHECK (slot_minutes IS NULL OR slot_minutes BETWEEN 15 AND 1440),
  ADD COLUMN min_minutes smallint CHECK (min_minutes IS NULL OR min_minutes >= 15),
  ADD COLUMN max_minutes smallint CHECK (max_minutes IS NULL OR max_minutes >= 15),
  ADD COLUMN horizon_days smallint CHECK (horizon_days IS NULL OR horizon_days BETWEEN 1 AND 400),
  ADD COLUMN notice_minutes integer CHECK (notice_minutes IS NULL OR notice_minutes >= 0),
  ADD COLUMN cancel_notice_minutes integer CHECK (cancel_notice_minutes IS NULL OR cancel_notice_minutes >= 0),
  ADD COLUMN weekly_quota_minutes integer CHECK (weekly_quota_minutes IS NULL OR weekly_quota_minutes > 0),
  ADD COLUMN buffer_minutes smallint CHECK (buffer_minutes IS NULL OR buffer_minutes BETWEEN 0 AND 240),
  ADD COLUMN holidays_closed boolean,
  ADD COLUMN approval_required boolean,
  ADD COLUMN own_hours boolean NOT NULL DEFAULT false;

ALTER TABLE space_hours ADD COLUMN resource_id uuid REFERENCES space_resources ON DELETE CASCADE;
CREATE INDEX space_hours_resource ON space_hours (resource_id, weekday) WHERE resource_id IS NOT NULL;`,
};
