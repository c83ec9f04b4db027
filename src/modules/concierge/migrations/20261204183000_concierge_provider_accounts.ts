import type { Migration } from '../../../platform/db/migration.js';
import { ORG } from './policies.js';

// Provider accounts (docs/decisions/concierge-tenancy.md, point 5): a provider's staff sign in under
// the provider's own organisation and, in that context, PostgreSQL shows them only the requests
// dispatched to a provider row linked to that organisation — never subscriptions, parcels,
// statements or another provider's work.
const mine = (requestAlias: string) => `EXISTS (SELECT 1 FROM concierge_providers p WHERE p.id = ${requestAlias}.provider_id AND p.account_org_id = ${ORG})`;

export const migration: Migration = {
  id: '20261204183000_concierge_provider_accounts',
  sql: `
ALTER TABLE concierge_providers ADD COLUMN account_org_id uuid REFERENCES organisations;
CREATE UNIQUE INDEX concierge_providers_one_account ON concierge_providers (desk_id, account_org_id) WHERE account_org_id IS NOT NULL;
CREATE POLICY concierge_providers_account_read ON concierge_providers FOR SELECT USING (account_org_id = ${ORG});

-- The service names and units of the desks the provider works for.
CREATE POLICY concierge_catalogue_provider_read ON concierge_catalogue FOR SELECT
  USING (EXISTS (SELECT 1 FROM concierge_providers p WHERE p.desk_id = concierge_catalogue.desk_id AND p.account_org_id = ${ORG}));

CREATE POLICY concierge_requests_provider_read ON concierge_requests FOR SELECT USING (${mine('concierge_requests')});
CREATE POLICY concierge_requests_provider_update ON concierge_requests FOR UPDATE USING (${mine('concierge_requests')}) WITH CHECK (${mine('concierge_requests')});

CREATE POLICY concierge_request_events_provider_read ON concierge_request_events FOR SELECT
  USING (EXISTS (SELECT 1 FROM concierge_requests r WHERE r.id = concierge_request_events.request_id AND ${mine('r')}));
CREATE POLICY concierge_request_events_provider_insert ON concierge_request_events FOR INSERT
  WITH CHECK (by_side = 'provider' AND EXISTS (SELECT 1 FROM concierge_requests r WHERE r.id = concierge_request_events.request_id AND ${mine('r')}));`,
};
