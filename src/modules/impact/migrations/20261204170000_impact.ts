import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

// A practice sheet published to a network is readable by the network and its members; only its
// author organisation may change or delete it (the restrictive policy guards DELETE, which the
// shared visibility would otherwise allow).
export const migration: Migration = {
  id: '20261204170000_impact',
  sql: `
CREATE TABLE impact_practices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  network_id uuid REFERENCES organisations,
  title text NOT NULL,
  problem text NOT NULL,
  audience text NOT NULL DEFAULT '',
  partners text NOT NULL DEFAULT '',
  means text NOT NULL DEFAULT '',
  cost_cents integer CHECK (cost_cents >= 0),
  results text NOT NULL DEFAULT '',
  difficulties text NOT NULL DEFAULT '',
  contact text NOT NULL DEFAULT '',
  residence_kind text,
  tags text[] NOT NULL DEFAULT '{}',
  duplicated_from uuid REFERENCES impact_practices ON DELETE SET NULL,
  published_at timestamptz,
  created_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french', title), 'A') ||
    setweight(to_tsvector('french', problem || ' ' || audience), 'B') ||
    setweight(to_tsvector('french', partners || ' ' || means || ' ' || results || ' ' || difficulties), 'C')
  ) STORED
);
CREATE INDEX impact_practices_search ON impact_practices USING gin (search);
CREATE INDEX impact_practices_network ON impact_practices (network_id) WHERE published_at IS NOT NULL;
${tenantTable('impact_practices', `(published_at IS NOT NULL AND network_id IN (SELECT nm.network_id FROM network_memberships nm WHERE nm.member_id = ${ORG} UNION ALL SELECT ${ORG}))`)}
CREATE POLICY impact_practices_author_deletes ON impact_practices AS RESTRICTIVE FOR DELETE USING (organisation_id = ${ORG});

CREATE TABLE impact_nearby_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  residence_id uuid NOT NULL REFERENCES residences ON DELETE CASCADE,
  category text NOT NULL CHECK (category IN ('partner', 'shop', 'public_service', 'transport', 'health', 'post_office')),
  name text NOT NULL,
  address text NOT NULL,
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  opening_hours text NOT NULL DEFAULT '',
  accessibility text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX impact_nearby_services_residence ON impact_nearby_services (residence_id, category);
${tenantTable('impact_nearby_services')}

-- A member's opt-in: which indicators it lets a network fold into the anonymised benchmark.
CREATE TABLE impact_network_shares (
  organisation_id uuid NOT NULL REFERENCES organisations,
  network_id uuid NOT NULL REFERENCES organisations,
  indicator_key text NOT NULL,
  shared_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, network_id, indicator_key)
);
${tenantTable('impact_network_shares')}`,
};
