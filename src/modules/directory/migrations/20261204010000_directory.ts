import { sharedTable, tenantTable } from '../../../platform/db/migration.js';
import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261204010000_directory',
  sql: `
CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('landlord', 'association', 'provider', 'network')),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
${sharedTable('organisations')}

CREATE TABLE partnerships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  partner_id uuid NOT NULL REFERENCES organisations,
  description text,
  UNIQUE (organisation_id, partner_id)
);
${tenantTable('partnerships', "partner_id = nullif(current_setting('app.org_id', true), '')::uuid")}

CREATE TABLE network_memberships (
  network_id uuid NOT NULL REFERENCES organisations,
  member_id uuid NOT NULL REFERENCES organisations,
  joined_on date NOT NULL DEFAULT current_date,
  PRIMARY KEY (network_id, member_id)
);
${sharedTable('network_memberships')}

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  role text NOT NULL,
  residence_ids uuid[],
  household_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, user_id, role)
);
${tenantTable('memberships', "user_id = nullif(current_setting('app.user_id', true), '')::uuid")}

CREATE TABLE agencies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  name text NOT NULL,
  UNIQUE (organisation_id, name)
);
${tenantTable('agencies')}

CREATE TABLE residences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  agency_id uuid REFERENCES agencies,
  reference text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'ordinary' CHECK (kind IN ('ordinary', 'intergenerational', 'social_residence', 'pension_de_famille', 'shelter', 'student')),
  address text NOT NULL,
  postcode text NOT NULL,
  city text NOT NULL,
  latitude double precision,
  longitude double precision,
  UNIQUE (organisation_id, reference)
);
${tenantTable('residences')}

CREATE TABLE buildings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  residence_id uuid NOT NULL REFERENCES residences ON DELETE CASCADE,
  reference text NOT NULL,
  name text NOT NULL,
  UNIQUE (organisation_id, reference)
);
${tenantTable('buildings')}

CREATE TABLE dwellings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  residence_id uuid NOT NULL REFERENCES residences,
  building_id uuid REFERENCES buildings,
  reference text NOT NULL,
  rooms smallint NOT NULL CHECK (rooms BETWEEN 1 AND 12),
  floor smallint NOT NULL CHECK (floor BETWEEN -3 AND 60),
  rent_cents integer NOT NULL CHECK (rent_cents >= 0),
  UNIQUE (organisation_id, reference)
);
CREATE INDEX dwellings_residence ON dwellings (residence_id);
${tenantTable('dwellings')}

CREATE TABLE common_places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  residence_id uuid NOT NULL REFERENCES residences,
  kind text NOT NULL CHECK (kind IN ('room', 'garden', 'coworking', 'office', 'other')),
  name text NOT NULL,
  description text
);
${tenantTable('common_places')}

CREATE TABLE households (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  reference text NOT NULL,
  name text NOT NULL,
  email text,
  phone text,
  preferred_language text NOT NULL DEFAULT 'fr',
  channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms', 'paper')),
  members_count smallint NOT NULL DEFAULT 1 CHECK (members_count BETWEEN 1 AND 20),
  UNIQUE (organisation_id, reference)
);
${tenantTable('households')}

CREATE TABLE occupancies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  household_id uuid NOT NULL REFERENCES households ON DELETE CASCADE,
  dwelling_id uuid NOT NULL REFERENCES dwellings,
  starts_on date NOT NULL,
  ends_on date,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE UNIQUE INDEX occupancies_current ON occupancies (household_id) WHERE ends_on IS NULL;
${tenantTable('occupancies')}`,
};
