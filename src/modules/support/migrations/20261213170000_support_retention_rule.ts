import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261213170000_support_retention_rule',
  sql: `
-- The organisation's default is now a whole rule, not only a period: from when it counts (the last contact or the
-- closure) and what then happens (anonymise or delete), for programmes that set no period of their own. The
-- defaults are what the nightly job did before for them when nothing was said: last contact, anonymise.
ALTER TABLE support_settings
  ADD COLUMN retention_from text NOT NULL DEFAULT 'last_contact' CHECK (retention_from IN ('last_contact', 'closure')),
  ADD COLUMN retention_action text NOT NULL DEFAULT 'anonymise' CHECK (retention_action IN ('anonymise', 'delete'));
`,
};
