import type { Migration } from '../../../platform/db/migration.js';

// "Who can order it", per service: every subscriber of the desk (the default, as before), the
// subscribers of some plans, the residents of some residences of the desk's coverage, or nobody but
// the concierge (staff only: ordered at the counter for a household, e.g. upkeep of common spaces).
export const migration: Migration = {
  id: '20261208110000_concierge_service_audience',
  sql: `
ALTER TABLE concierge_catalogue ADD COLUMN audience text NOT NULL DEFAULT 'subscribers'
  CHECK (audience IN ('subscribers', 'plans', 'residences', 'staff'));
ALTER TABLE concierge_catalogue ADD COLUMN audience_plan_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE concierge_catalogue ADD COLUMN audience_residence_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE concierge_catalogue ADD CONSTRAINT concierge_catalogue_audience_lists CHECK (
  (audience <> 'plans' OR cardinality(audience_plan_ids) > 0) AND (audience <> 'residences' OR cardinality(audience_residence_ids) > 0)
);`,
};
