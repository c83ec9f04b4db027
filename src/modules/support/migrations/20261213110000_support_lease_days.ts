import type { Migration } from '../../../platform/db/migration.js';

// The days a sliding lease's outcome took effect, as the adviser gives them (not the day they were recorded):
// the slide's day (the register's direct lease opens that day) and the last day of a lease ended otherwise
// (the register's occupancy closes that day). Under support_cases' own need-to-know RLS (unchanged);
// anonymisation keeps them (a day, no person).
export const migration: Migration = {
  id: '20261213110000_support_lease_days',
  sql: `
ALTER TABLE support_cases ADD COLUMN lease_slid_on date;
ALTER TABLE support_cases ADD COLUMN lease_ended_on date;
`,
};
