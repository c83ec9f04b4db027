/** A module's schema change: plain SQL applied once, in the order of its timestamped id. */
export type Migration = { id: string; sql: string };

/**
 * SQL that makes a table tenant-owned: row-level security enabled and forced, rows visible only
 * to the organisation set for the transaction (`app.org_id`), and the application role granted.
 */
export function tenantTable(table: string, extraVisibility = ''): string {
  const visible = `organisation_id = nullif(current_setting('app.org_id', true), '')::uuid${extraVisibility ? ` OR ${extraVisibility}` : ''}`;
  return `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY ${table}_tenant ON ${table} USING (${visible}) WITH CHECK (organisation_id = nullif(current_setting('app.org_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO palier_app;`;
}

/** SQL granting the application role a table that is not tenant-owned (identities, sessions). */
export function sharedTable(table: string): string {
  return `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO palier_app;`;
}
