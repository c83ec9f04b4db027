import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// Dashboards read a year or a quarter of bookings; at landlord scale (a million bookings) counting them
// live took seconds. The nightly job stores each space's usage per reporting period, exactly (distinct
// households cannot be added up from months, so each period is counted whole).
export const migration: Migration = {
  id: '20261205093000_space_usage_periods',
  sql: `
CREATE TABLE space_usage_periods (
  organisation_id uuid NOT NULL REFERENCES organisations,
  space_id uuid NOT NULL REFERENCES spaces ON DELETE CASCADE,
  -- Paris dates, [period_from, period_to).
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to > period_from),
  bookings integer NOT NULL,
  hours numeric NOT NULL,
  households integer NOT NULL,
  assisted integer NOT NULL,
  purposes jsonb NOT NULL DEFAULT '{}',
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (space_id, period_from, period_to)
);
CREATE INDEX space_usage_periods_period ON space_usage_periods (organisation_id, period_from, period_to);
${tenantTable('space_usage_periods')}`,
};
