import { tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

// Per residence and month: the stock on the month's last day and the flows within it, so a
// landlord's dashboard reads ~1,500 rows per month instead of aggregating 146,000 occupancies.
// Refreshed nightly and after an import (directory.refresh-figures); figures say when.
export const migration: Migration = {
  id: '20261204190000_residence_months',
  sql: `
CREATE TABLE residence_months (
  organisation_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
  residence_id uuid NOT NULL REFERENCES residences ON DELETE CASCADE,
  month date NOT NULL CHECK (extract(day from month) = 1),
  dwellings integer NOT NULL,
  households integer NOT NULL,
  residents integer NOT NULL,
  paper_households integer NOT NULL,
  move_ins integer NOT NULL,
  move_outs integer NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (residence_id, month)
);
CREATE INDEX residence_months_org_month ON residence_months (organisation_id, month);
${tenantTable('residence_months')}`,
};
