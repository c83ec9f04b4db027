import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

import { landlordReads, landlordWrites, partnered, partnerLandlordsRead } from './policies.js';

export const migration: Migration = {
  id: '20261204130500_concierge',
  sql: `
CREATE TABLE concierge_desks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  name text NOT NULL,
  place text NOT NULL,
  community_link text,
  created_at timestamptz NOT NULL DEFAULT now()
);
${tenantTable('concierge_desks')}
${partnerLandlordsRead('concierge_desks')}

CREATE TABLE concierge_coverage (
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks ON DELETE CASCADE,
  landlord_id uuid NOT NULL REFERENCES organisations,
  residence_id uuid NOT NULL,
  PRIMARY KEY (desk_id, residence_id)
);
${tenantTable('concierge_coverage')}
${landlordReads('concierge_coverage')}

CREATE TABLE concierge_office_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  starts_at time NOT NULL,
  ends_at time NOT NULL CHECK (ends_at > starts_at),
  place text NOT NULL
);
${tenantTable('concierge_office_hours')}
${partnerLandlordsRead('concierge_office_hours')}

CREATE TABLE concierge_closures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks ON DELETE CASCADE,
  on_date date NOT NULL,
  note text NOT NULL DEFAULT '',
  UNIQUE (desk_id, on_date)
);
${tenantTable('concierge_closures')}
${partnerLandlordsRead('concierge_closures')}

CREATE TABLE concierge_providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks ON DELETE CASCADE,
  name text NOT NULL,
  labels text[] NOT NULL DEFAULT '{}' CHECK (labels <@ ARRAY['ess', 'local', 'responsible', 'integration']),
  distance_m integer CHECK (distance_m >= 0),
  contact text NOT NULL DEFAULT '',
  insurance_expires_on date,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (desk_id, name)
);
${tenantTable('concierge_providers')}
${partnerLandlordsRead('concierge_providers')}

CREATE TABLE concierge_catalogue (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks ON DELETE CASCADE,
  code text NOT NULL,
  name_fr text NOT NULL,
  name_en text NOT NULL,
  description_fr text NOT NULL,
  description_en text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('hour', 'item', 'delivery', 'visit')),
  unit_cost_cents integer NOT NULL CHECK (unit_cost_cents >= 0),
  vat_rate_bp integer NOT NULL CHECK (vat_rate_bp IN (0, 550, 1000, 2000)),
  lead_time_hours integer NOT NULL DEFAULT 48 CHECK (lead_time_hours >= 0),
  target_hours integer NOT NULL DEFAULT 72 CHECK (target_hours > 0),
  weekdays smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
  default_provider_id uuid REFERENCES concierge_providers,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (desk_id, code)
);
${tenantTable('concierge_catalogue')}
${partnerLandlordsRead('concierge_catalogue')}

CREATE TABLE concierge_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks ON DELETE CASCADE,
  code text NOT NULL,
  name_fr text NOT NULL,
  name_en text NOT NULL,
  monthly_fee_cents integer NOT NULL CHECK (monthly_fee_cents >= 0),
  tenant_share_cents integer NOT NULL CHECK (tenant_share_cents >= 0 AND tenant_share_cents <= monthly_fee_cents),
  active boolean NOT NULL DEFAULT true,
  UNIQUE (desk_id, code)
);
${tenantTable('concierge_plans')}
${partnerLandlordsRead('concierge_plans')}

CREATE TABLE concierge_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks,
  household_id uuid NOT NULL,
  plan_id uuid NOT NULL REFERENCES concierge_plans,
  -- A card of what the counter needs, copied at subscription: the association never reads the landlord's directory.
  household_name text NOT NULL,
  dwelling_reference text NOT NULL,
  residence_id uuid NOT NULL,
  channel text NOT NULL DEFAULT 'email',
  starts_on date NOT NULL,
  ends_on date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  created_via text NOT NULL CHECK (created_via IN ('online', 'counter')),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  idempotency_key text NOT NULL,
  UNIQUE (organisation_id, idempotency_key),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE UNIQUE INDEX concierge_subscriptions_one_open ON concierge_subscriptions (desk_id, household_id) WHERE status = 'active';
${tenantTable('concierge_subscriptions')}
${landlordWrites('concierge_subscriptions')}

CREATE TABLE concierge_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  subscription_id uuid NOT NULL REFERENCES concierge_subscriptions,
  household_id uuid NOT NULL,
  catalogue_id uuid NOT NULL REFERENCES concierge_catalogue,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  wanted_on date NOT NULL,
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  status text NOT NULL DEFAULT 'submitted',
  provider_id uuid REFERENCES concierge_providers,
  -- Frozen at dispatch: later catalogue changes never alter a dispatched request's price.
  unit_cost_cents integer,
  vat_rate_bp integer,
  net_cents integer,
  completed_at timestamptz,
  cancel_reason text,
  created_via text NOT NULL CHECK (created_via IN ('online', 'counter')),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  idempotency_key text NOT NULL,
  UNIQUE (organisation_id, idempotency_key)
);
CREATE INDEX concierge_requests_household ON concierge_requests (household_id, created_at DESC);
${tenantTable('concierge_requests')}
${landlordWrites('concierge_requests')}

CREATE TABLE concierge_request_events (
  id bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  request_id uuid NOT NULL REFERENCES concierge_requests,
  event text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  by_user_id uuid NOT NULL,
  by_side text NOT NULL CHECK (by_side IN ('resident', 'concierge', 'provider')),
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
${tenantTable('concierge_request_events')}
${landlordReads('concierge_request_events')}
CREATE POLICY concierge_request_events_landlord_insert ON concierge_request_events FOR INSERT WITH CHECK ${partnered('concierge_request_events')};
GRANT USAGE ON SEQUENCE concierge_request_events_id_seq TO palier_app;
REVOKE UPDATE, DELETE ON concierge_request_events FROM palier_app;

CREATE TABLE concierge_parcels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  subscription_id uuid NOT NULL REFERENCES concierge_subscriptions,
  household_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('parcel', 'letter', 'registered', 'groceries')),
  carrier text NOT NULL DEFAULT '',
  size text NOT NULL CHECK (size IN ('small', 'medium', 'large')),
  shelf text NOT NULL,
  pickup_code text NOT NULL CHECK (pickup_code ~ '^[0-9]{6}$'),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'handed_over', 'returned')),
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by uuid NOT NULL,
  notified_at timestamptz,
  handed_at timestamptz,
  handed_by uuid,
  handed_to text,
  handover_method text CHECK (handover_method IN ('code', 'identity'))
);
CREATE INDEX concierge_parcels_waiting ON concierge_parcels (household_id) WHERE status = 'received';
${tenantTable('concierge_parcels')}
${landlordReads('concierge_parcels')}
REVOKE DELETE ON concierge_parcels FROM palier_app;

CREATE TABLE concierge_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks,
  subscription_id uuid REFERENCES concierge_subscriptions,
  topic text NOT NULL CHECK (topic IN ('request', 'parcel', 'subscription', 'information', 'other')),
  at timestamptz NOT NULL DEFAULT now(),
  by_user_id uuid NOT NULL
);
${tenantTable('concierge_visits')}

CREATE TABLE concierge_statement_counters (
  organisation_id uuid PRIMARY KEY REFERENCES organisations,
  last_number integer NOT NULL DEFAULT 0
);
${tenantTable('concierge_statement_counters')}

CREATE TABLE concierge_statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks,
  number integer NOT NULL CHECK (number > 0),
  kind text NOT NULL CHECK (kind IN ('statement', 'credit_note')),
  party text NOT NULL CHECK (party IN ('household', 'landlord')),
  subscription_id uuid REFERENCES concierge_subscriptions,
  household_id uuid,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  corrects_id uuid REFERENCES concierge_statements,
  net_cents integer NOT NULL,
  vat_cents integer NOT NULL,
  gross_cents integer NOT NULL CHECK (gross_cents = net_cents + vat_cents),
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by uuid NOT NULL,
  UNIQUE (organisation_id, number),
  CHECK ((party = 'household') = (household_id IS NOT NULL)),
  CHECK ((kind = 'credit_note') = (corrects_id IS NOT NULL))
);
-- The monthly run issues each party's statement once, whatever the number of runs.
CREATE UNIQUE INDEX concierge_statements_once ON concierge_statements (desk_id, period, party, coalesce(household_id, landlord_id)) WHERE kind = 'statement';
CREATE UNIQUE INDEX concierge_statements_one_credit ON concierge_statements (corrects_id) WHERE kind = 'credit_note';
${tenantTable('concierge_statements')}
${landlordReads('concierge_statements')}
REVOKE UPDATE, DELETE ON concierge_statements FROM palier_app;

CREATE TABLE concierge_statement_lines (
  id bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  statement_id uuid NOT NULL REFERENCES concierge_statements,
  position smallint NOT NULL,
  label text NOT NULL,
  request_id uuid REFERENCES concierge_requests,
  quantity integer NOT NULL,
  unit_cents integer NOT NULL,
  vat_rate_bp integer NOT NULL,
  net_cents integer NOT NULL,
  vat_cents integer NOT NULL,
  gross_cents integer NOT NULL CHECK (gross_cents = net_cents + vat_cents),
  UNIQUE (statement_id, position)
);
-- A request is billed once; its credit-note line (negative) may follow.
CREATE UNIQUE INDEX concierge_statement_lines_billed_once ON concierge_statement_lines (request_id) WHERE request_id IS NOT NULL AND quantity > 0;
${tenantTable('concierge_statement_lines')}
${landlordReads('concierge_statement_lines')}
GRANT USAGE ON SEQUENCE concierge_statement_lines_id_seq TO palier_app;
REVOKE UPDATE, DELETE ON concierge_statement_lines FROM palier_app;

CREATE TABLE concierge_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  subscription_id uuid NOT NULL REFERENCES concierge_subscriptions,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  method text NOT NULL CHECK (method IN ('cash', 'transfer', 'direct_debit', 'cheque')),
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by uuid NOT NULL,
  idempotency_key text NOT NULL,
  UNIQUE (organisation_id, idempotency_key)
);
${tenantTable('concierge_payments')}
${landlordReads('concierge_payments')}
REVOKE UPDATE, DELETE ON concierge_payments FROM palier_app;`,
};
