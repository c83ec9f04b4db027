import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

/**
 * When a landlord's support case marks a household's address confidential, the desks' copies of its dwelling
 * are emptied (commands/forget-dwelling.ts). RLS lets the landlord write its households' subscriptions only while
 * the partnership stands, so a desk whose partnership has ended kept the dwelling: this function empties those too.
 * SECURITY DEFINER for that one update only: it runs in the landlord's own context (`app.org_id` must be the landlord
 * named), for one of that landlord's households, and only ever blanks `dwelling_reference` (nothing is read back but a
 * count, so no former partner's row is shown to the landlord).
 */
export const migration: Migration = {
  id: '20261214110000_concierge_forget_dwelling',
  sql: `
CREATE FUNCTION concierge_forget_dwelling(landlord uuid, household uuid)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH forgotten AS (
    UPDATE concierge_subscriptions s SET dwelling_reference = ''
    WHERE s.landlord_id = landlord AND s.household_id = household AND s.dwelling_reference <> ''
      AND landlord = ${ORG}
      AND EXISTS (SELECT 1 FROM households h WHERE h.id = household AND h.organisation_id = landlord)
    RETURNING 1
  )
  SELECT count(*)::integer FROM forgotten
$$;

REVOKE ALL ON FUNCTION concierge_forget_dwelling(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION concierge_forget_dwelling(uuid, uuid) TO palier_app;`,
};
