import type { Migration } from '../../../platform/db/migration.js';

// A sliding lease names its dwelling and the association holding the lease (the register's sublease,
// directory's occupancies.lease_holder_org_id): the slide passes that lease to the household in the
// register, in the stage's own transaction. A lease ended by another outcome says why, from a short list;
// the text is for "other" only, required by the command (not by a CHECK: anonymisation clears the text
// and the dwelling, db/retention.ts). Both stay under support_cases' own need-to-know RLS (unchanged).
export const migration: Migration = {
  id: '20261212100100_support_lease_slide',
  sql: `
ALTER TABLE support_cases ADD COLUMN lease_dwelling_id uuid REFERENCES dwellings;
ALTER TABLE support_cases ADD COLUMN lease_partner_org_id uuid REFERENCES organisations;
ALTER TABLE support_cases ADD COLUMN end_reason text CHECK (end_reason IN ('family_left', 'eviction', 'rehoused_elsewhere', 'other'));
ALTER TABLE support_cases ADD COLUMN end_reason_text text CHECK (length(end_reason_text) <= 500);
`,
};
