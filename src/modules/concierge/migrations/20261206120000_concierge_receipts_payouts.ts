import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';
import { landlordReads, ORG } from './policies.js';

const providerOwn = (alias: string) => `EXISTS (SELECT 1 FROM concierge_providers p WHERE p.id = ${alias}.provider_id AND p.account_org_id = ${ORG})`;

// Receipts: every payment received (one statement, or several of a household paid at once, allocated
// oldest first) gets a receipt numbered without gaps per organisation; the payment rows name it.
// Payout statements: per provider and month, what the association owes it for completed requests at
// the price frozen at dispatch, numbered without gaps per organisation in their own series. Both are
// append-only for the application (no UPDATE, no DELETE).
export const migration: Migration = {
  id: '20261206120000_concierge_receipts_payouts',
  sql: `
CREATE TABLE concierge_receipt_counters (
  organisation_id uuid PRIMARY KEY REFERENCES organisations,
  last_number integer NOT NULL DEFAULT 0
);
${tenantTable('concierge_receipt_counters')}

CREATE TABLE concierge_receipts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks,
  number integer NOT NULL CHECK (number > 0),
  party text NOT NULL CHECK (party IN ('household', 'landlord')),
  household_id uuid,
  method text NOT NULL CHECK (method IN ('cash', 'transfer', 'direct_debit', 'cheque')),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  paid_on date NOT NULL,
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 80),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  idempotency_key text NOT NULL,
  UNIQUE (organisation_id, number),
  UNIQUE (organisation_id, idempotency_key),
  CHECK ((party = 'household') = (household_id IS NOT NULL))
);
CREATE INDEX concierge_receipts_household ON concierge_receipts (household_id) WHERE household_id IS NOT NULL;
${tenantTable('concierge_receipts')}
${landlordReads('concierge_receipts')}
REVOKE UPDATE, DELETE ON concierge_receipts FROM palier_app;

ALTER TABLE concierge_payments ADD COLUMN receipt_id uuid REFERENCES concierge_receipts;
CREATE INDEX concierge_payments_receipt ON concierge_payments (receipt_id) WHERE receipt_id IS NOT NULL;

-- Payments recorded before receipts existed get one each, numbered in the order they were recorded.
INSERT INTO concierge_receipts (id, organisation_id, landlord_id, desk_id, number, party, household_id, method, amount_cents, paid_on, reference, recorded_by, recorded_at, idempotency_key)
  SELECT p.id, p.organisation_id, st.landlord_id, p.desk_id, row_number() OVER (PARTITION BY p.organisation_id ORDER BY p.recorded_at, p.id),
    st.party, st.household_id, p.method, p.amount_cents, p.paid_on, p.reference, p.recorded_by, p.recorded_at, p.idempotency_key
  FROM concierge_payments p JOIN concierge_statements st ON st.id = p.statement_id WHERE p.kind = 'payment';
UPDATE concierge_payments SET receipt_id = id WHERE kind = 'payment' AND statement_id IS NOT NULL;
INSERT INTO concierge_receipt_counters (organisation_id, last_number) SELECT organisation_id, max(number) FROM concierge_receipts GROUP BY organisation_id;

CREATE TABLE concierge_payout_counters (
  organisation_id uuid PRIMARY KEY REFERENCES organisations,
  last_number integer NOT NULL DEFAULT 0
);
${tenantTable('concierge_payout_counters')}

CREATE TABLE concierge_payout_statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks,
  provider_id uuid NOT NULL REFERENCES concierge_providers,
  number integer NOT NULL CHECK (number > 0),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  net_cents integer NOT NULL,
  vat_cents integer NOT NULL,
  gross_cents integer NOT NULL CHECK (gross_cents = net_cents + vat_cents),
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by uuid NOT NULL,
  UNIQUE (organisation_id, number),
  UNIQUE (desk_id, provider_id, period)
);
${tenantTable('concierge_payout_statements')}
CREATE POLICY concierge_payout_statements_provider_read ON concierge_payout_statements FOR SELECT USING (${providerOwn('concierge_payout_statements')});
REVOKE UPDATE, DELETE ON concierge_payout_statements FROM palier_app;

CREATE TABLE concierge_payout_lines (
  id bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  payout_id uuid NOT NULL REFERENCES concierge_payout_statements,
  position smallint NOT NULL,
  label text NOT NULL,
  request_id uuid NOT NULL REFERENCES concierge_requests,
  quantity integer NOT NULL,
  unit_cents integer NOT NULL,
  vat_rate_bp integer NOT NULL,
  net_cents integer NOT NULL,
  vat_cents integer NOT NULL,
  gross_cents integer NOT NULL CHECK (gross_cents = net_cents + vat_cents),
  UNIQUE (payout_id, position),
  -- A request is paid out once.
  UNIQUE (request_id)
);
${tenantTable('concierge_payout_lines')}
CREATE POLICY concierge_payout_lines_provider_read ON concierge_payout_lines FOR SELECT
  USING (EXISTS (SELECT 1 FROM concierge_payout_statements s WHERE s.id = concierge_payout_lines.payout_id AND ${providerOwn('s')}));
GRANT USAGE ON SEQUENCE concierge_payout_lines_id_seq TO palier_app;
REVOKE UPDATE, DELETE ON concierge_payout_lines FROM palier_app;`,
};
