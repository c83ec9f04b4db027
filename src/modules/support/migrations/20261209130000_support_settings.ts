import { type Migration, tenantTable } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261209130000_support_settings',
  sql: `
-- The organisation's own default for support cases: how many months a closed case is kept after its last
-- contact (or closure, as the programme says) when the programme sets no period of its own. No row: 24 months.
CREATE TABLE support_settings (
  organisation_id uuid PRIMARY KEY REFERENCES organisations,
  retention_months smallint NOT NULL CHECK (retention_months BETWEEN 1 AND 120),
  updated_by uuid REFERENCES users ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
${tenantTable('support_settings')}

-- A programme may now leave its period empty: it then follows the organisation's default.
ALTER TABLE support_programmes ALTER COLUMN retention_months DROP NOT NULL;
ALTER TABLE support_programmes ALTER COLUMN retention_months DROP DEFAULT;
`,
};
