import type { Migration } from '../../db/migration.js';

// The audit review finds the events about one person from a reference the data-protection officer
// already holds (a household's reference, a support case's reference). Support cases are need-to-know
// (RLS on the person), so the officer cannot read them; this function only turns a reference into the
// ids the audit log names — the household and all of its support cases — for the caller's organisation
// (app.org_id), never any content. plpgsql, so it does not bind to the module tables at creation.
export const migration: Migration = {
  id: '20261207150000_privacy_audit_targets',
  sql: `
CREATE FUNCTION privacy_audit_targets(p_ref text)
RETURNS TABLE (target_type text, target_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  caller uuid := nullif(current_setting('app.org_id', true), '')::uuid;
BEGIN
  IF caller IS NULL OR p_ref IS NULL OR length(p_ref) = 0 OR length(p_ref) > 80 THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT 'household'::text, h.id::text FROM households h
    WHERE h.organisation_id = caller AND h.reference = p_ref;
  RETURN QUERY
    SELECT 'support_case'::text, sc.id::text FROM support_cases sc
    WHERE sc.organisation_id = caller
      AND (sc.reference = p_ref
        OR sc.household_id IN (SELECT h.id FROM households h WHERE h.organisation_id = caller AND h.reference = p_ref));
END
$$;
REVOKE ALL ON FUNCTION privacy_audit_targets(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION privacy_audit_targets(text) TO palier_app;`,
};
