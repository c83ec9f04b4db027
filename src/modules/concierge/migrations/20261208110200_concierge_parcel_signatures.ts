import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// A parcel may be handed over against the recipient's signature drawn on the counter's tablet. The
// image is a stored file (data directory, never served publicly) named by a row of the association's
// own: the landlord, who reads the parcels' trail, does not see signatures. Kept, never changed.
export const migration: Migration = {
  id: '20261208110200_concierge_parcel_signatures',
  sql: `
ALTER TABLE concierge_parcels DROP CONSTRAINT concierge_parcels_handover_method_check;
ALTER TABLE concierge_parcels ADD CONSTRAINT concierge_parcels_handover_method_check CHECK (handover_method IN ('code', 'identity', 'signature'));

CREATE TABLE concierge_parcel_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  parcel_id uuid NOT NULL UNIQUE REFERENCES concierge_parcels,
  storage_key text NOT NULL,
  media_type text NOT NULL CHECK (media_type = 'image/png'),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  signed_name text NOT NULL,
  recorded_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
${tenantTable('concierge_parcel_signatures')}
REVOKE UPDATE, DELETE ON concierge_parcel_signatures FROM palier_app;`,
};
