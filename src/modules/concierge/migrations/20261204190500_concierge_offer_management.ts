import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// The concierge manages its providers: service area, and documents with an expiry (insurance,
// agreement) that a daily job reminds about once. Documents are kept, never deleted.
export const migration: Migration = {
  id: '20261204190500_concierge_offer_management',
  sql: `
ALTER TABLE concierge_providers ADD COLUMN service_area text NOT NULL DEFAULT '';

CREATE TABLE concierge_provider_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  provider_id uuid NOT NULL REFERENCES concierge_providers,
  kind text NOT NULL CHECK (kind IN ('insurance', 'agreement', 'other')),
  label text NOT NULL DEFAULT '',
  expires_on date NOT NULL,
  reminded_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX concierge_provider_documents_provider ON concierge_provider_documents (provider_id, expires_on DESC);
${tenantTable('concierge_provider_documents')}
REVOKE DELETE ON concierge_provider_documents FROM palier_app;

INSERT INTO concierge_provider_documents (organisation_id, provider_id, kind, expires_on)
SELECT organisation_id, id, 'insurance', insurance_expires_on FROM concierge_providers WHERE insurance_expires_on IS NOT NULL;`,
};
