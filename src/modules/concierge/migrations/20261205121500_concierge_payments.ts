import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';
import { landlordReads } from './policies.js';

// Payments recorded by the association's staff, outside Palier (cash at the counter, transfer, direct
// debit, cheque): money in against one issued statement (a household's or a landlord's), money out to a
// provider. Rows are never changed nor deleted: a mistake is undone by a reversal row (negative) that
// names the payment it cancels. The first draft of this table (20261204130500) was never written to by
// any code — it had no statement nor provider — so it is replaced here.
export const migration: Migration = {
  id: '20261205121500_concierge_payments',
  sql: `
DROP TABLE concierge_payments;
CREATE TABLE concierge_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid REFERENCES organisations,
  desk_id uuid NOT NULL REFERENCES concierge_desks,
  statement_id uuid REFERENCES concierge_statements,
  provider_id uuid REFERENCES concierge_providers,
  kind text NOT NULL CHECK (kind IN ('payment', 'reversal')),
  reverses_id uuid REFERENCES concierge_payments,
  method text NOT NULL CHECK (method IN ('cash', 'transfer', 'direct_debit', 'cheque')),
  amount_cents integer NOT NULL CHECK ((kind = 'payment' AND amount_cents > 0) OR (kind = 'reversal' AND amount_cents < 0)),
  paid_on date NOT NULL,
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 80),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  idempotency_key text NOT NULL,
  UNIQUE (organisation_id, idempotency_key),
  CHECK ((statement_id IS NULL) <> (provider_id IS NULL)),
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
);
-- A payment is reversed at most once.
CREATE UNIQUE INDEX concierge_payments_reversed_once ON concierge_payments (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX concierge_payments_statement ON concierge_payments (statement_id) WHERE statement_id IS NOT NULL;
CREATE INDEX concierge_payments_provider ON concierge_payments (provider_id) WHERE provider_id IS NOT NULL;
${tenantTable('concierge_payments')}
${landlordReads('concierge_payments')}
REVOKE UPDATE, DELETE ON concierge_payments FROM palier_app;`,
};
