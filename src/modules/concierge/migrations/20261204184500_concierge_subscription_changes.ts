import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';
import { landlordReads, landlordWrites, partnered } from './policies.js';

// Pauses are month-aligned (a change takes effect at a period boundary). A pause not yet begun may be
// withdrawn (marked, never deleted); the events table is the subscription's history, append-only.
export const migration: Migration = {
  id: '20261204184500_concierge_subscription_changes',
  sql: `
CREATE TABLE concierge_subscription_pauses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  subscription_id uuid NOT NULL REFERENCES concierge_subscriptions,
  starts_on date NOT NULL CHECK (extract(day FROM starts_on) = 1),
  ends_on date CHECK (ends_on IS NULL OR (ends_on > starts_on AND (date_trunc('month', ends_on) + interval '1 month - 1 day')::date = ends_on)),
  withdrawn_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX concierge_subscription_pauses_one_open ON concierge_subscription_pauses (subscription_id) WHERE ends_on IS NULL AND withdrawn_at IS NULL;
${tenantTable('concierge_subscription_pauses')}
${landlordWrites('concierge_subscription_pauses')}
REVOKE DELETE ON concierge_subscription_pauses FROM palier_app;

CREATE TABLE concierge_subscription_events (
  id bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations,
  landlord_id uuid NOT NULL REFERENCES organisations,
  subscription_id uuid NOT NULL REFERENCES concierge_subscriptions,
  event text NOT NULL CHECK (event IN ('subscribe', 'pause', 'withdraw_pause', 'resume', 'cancel')),
  effective_on date NOT NULL,
  by_user_id uuid NOT NULL,
  by_side text NOT NULL CHECK (by_side IN ('resident', 'concierge')),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX concierge_subscription_events_sub ON concierge_subscription_events (subscription_id, id);
${tenantTable('concierge_subscription_events')}
${landlordReads('concierge_subscription_events')}
CREATE POLICY concierge_subscription_events_landlord_insert ON concierge_subscription_events FOR INSERT WITH CHECK ${partnered('concierge_subscription_events')};
GRANT USAGE ON SEQUENCE concierge_subscription_events_id_seq TO palier_app;
REVOKE UPDATE, DELETE ON concierge_subscription_events FROM palier_app;

-- Existing subscriptions start their history with their subscription.
INSERT INTO concierge_subscription_events (organisation_id, landlord_id, subscription_id, event, effective_on, by_user_id, by_side, at)
SELECT organisation_id, landlord_id, id, 'subscribe', starts_on, created_by, CASE created_via WHEN 'online' THEN 'resident' ELSE 'concierge' END, created_at FROM concierge_subscriptions;`,
};
