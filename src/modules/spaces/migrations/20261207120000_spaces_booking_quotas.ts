import type { Migration } from '../../../platform/db/migration.js';

// Per-household quotas counted in bookings per week, and in hours or bookings per calendar month (Paris),
// beside the weekly hours quota. NULL: no such quota. On a resource, NULL means "as the space" and a
// value counts that resource's bookings only.
export const migration: Migration = {
  id: '20261207120000_spaces_booking_quotas',
  sql: `
ALTER TABLE spaces
  ADD COLUMN weekly_quota_bookings smallint CHECK (weekly_quota_bookings IS NULL OR weekly_quota_bookings BETWEEN 1 AND 100),
  ADD COLUMN monthly_quota_minutes integer CHECK (monthly_quota_minutes IS NULL OR monthly_quota_minutes > 0),
  ADD COLUMN monthly_quota_bookings smallint CHECK (monthly_quota_bookings IS NULL OR monthly_quota_bookings BETWEEN 1 AND 400);

ALTER TABLE space_resources
  ADD COLUMN weekly_quota_bookings smallint CHECK (weekly_quota_bookings IS NULL OR weekly_quota_bookings BETWEEN 1 AND 100),
  ADD COLUMN monthly_quota_minutes integer CHECK (monthly_quota_minutes IS NULL OR monthly_quota_minutes > 0),
  ADD COLUMN monthly_quota_bookings smallint CHECK (monthly_quota_bookings IS NULL OR monthly_quota_bookings BETWEEN 1 AND 400);`,
};
