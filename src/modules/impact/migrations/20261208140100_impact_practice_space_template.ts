import type { Migration } from '../../../platform/db/migration.js';

// A practice sheet may carry the configuration of one of its author's spaces (rules, hours, resources;
// never a booking nor a person), from which a reader builds its own space: "duplicate the model".
export const migration: Migration = {
  id: '20261208140100_impact_practice_space_template',
  sql: `
ALTER TABLE impact_practices ADD COLUMN space_template jsonb;
ALTER TABLE impact_practices ADD COLUMN space_template_name text;`,
};
