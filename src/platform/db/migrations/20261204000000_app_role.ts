import type { Migration } from '../migration.js';

// The role is cluster-wide; creating it only when absent lets several Palier databases share a server.
export const migration: Migration = {
  id: '20261204000000_app_role',
  sql: `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'palier_app') THEN
    CREATE ROLE palier_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
DO $$ BEGIN
  EXECUTE format('GRANT palier_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO palier_app;`,
};
