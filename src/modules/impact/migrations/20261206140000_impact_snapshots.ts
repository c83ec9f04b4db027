import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// At landlord scale (a million bookings, 300,000 concierge requests) counting a year live took seconds.
// The nightly job stores every indicator's raw result for the whole organisation and each reporting
// period (small numbers are hidden when read, with the threshold of the day); dashboards read it.
export const migration: Migration = {
  id: '20261206140000_impact_snapshots',
  sql: `
CREATE TABLE impact_snapshots (
  organisation_id uuid NOT NULL REFERENCES organisations,
  -- Paris dates, [period_from, period_to).
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to > period_from),
  results jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, period_from, period_to)
);
${tenantTable('impact_snapshots')}`,
};
