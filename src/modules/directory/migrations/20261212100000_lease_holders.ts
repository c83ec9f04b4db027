import type { Migration } from '../../../platform/db/migration.js';

// Who holds the lease of an occupancy. NULL (every row before this migration): the household itself.
// Otherwise a partner association of the landlord (a sliding lease, "bail glissant": the association
// holds the lease and sublets to the household until the lease passes to the household). The
// partnership is checked by the command (commands/leases.ts), not by a foreign key to partnerships,
// so that ending a partnership later never rewrites or blocks the register's history.
// follows_occupancy_id: the direct lease opened by a transfer names the sublease it follows; UNIQUE,
// so a sublease passes to the household once, whatever two requests try at the same moment.
// The table's row-level security is unchanged (tenant-owned, 20261204010000_directory).
export const migration: Migration = {
  id: '20261212100000_lease_holders',
  sql: `
ALTER TABLE occupancies ADD COLUMN lease_holder_org_id uuid REFERENCES organisations;
ALTER TABLE occupancies ADD CONSTRAINT occupancies_lease_holder_not_landlord CHECK (lease_holder_org_id IS DISTINCT FROM organisation_id);
ALTER TABLE occupancies ADD COLUMN follows_occupancy_id uuid UNIQUE REFERENCES occupancies ON DELETE SET NULL;
ALTER TABLE occupancies ADD CONSTRAINT occupancies_follows_direct CHECK (follows_occupancy_id IS NULL OR lease_holder_org_id IS NULL);
CREATE INDEX occupancies_dwelling_current ON occupancies (dwelling_id) WHERE ends_on IS NULL;`,
};
