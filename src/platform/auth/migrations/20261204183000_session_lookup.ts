import type { Migration } from '../../db/migration.js';

// Every signed-in request needs its session, its person and their memberships: one round trip
// instead of six. SECURITY DEFINER because memberships are row-level protected by app.user_id, which
// cannot be set in the same statement; the function returns only the session's own person's
// memberships, which is exactly what that policy would show.
export const migration: Migration = {
  id: '20261204183000_session_lookup',
  sql: `
CREATE FUNCTION palier_session_lookup(p_token_hash text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  s sessions%ROWTYPE;
  u users%ROWTYPE;
BEGIN
  SELECT * INTO s FROM sessions WHERE token_hash = p_token_hash;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF s.expires_at <= now() OR s.last_seen_at + make_interval(mins => s.idle_minutes) <= now() THEN
    DELETE FROM sessions WHERE token_hash = p_token_hash;
    RETURN NULL;
  END IF;
  IF s.last_seen_at < now() - interval '1 minute' THEN
    UPDATE sessions SET last_seen_at = now() WHERE token_hash = p_token_hash;
  END IF;
  SELECT * INTO u FROM users WHERE id = s.user_id;
  RETURN jsonb_build_object(
    'session', jsonb_build_object('token_hash', s.token_hash, 'user_id', s.user_id, 'current_org_id', s.current_org_id,
      'acting_for_user_id', s.acting_for_user_id, 'mfa_passed', s.mfa_passed, 'created_at', s.created_at,
      'last_seen_at', s.last_seen_at, 'expires_at', s.expires_at, 'idle_minutes', s.idle_minutes),
    'user', jsonb_build_object('id', u.id, 'display_name', u.display_name, 'locale', u.locale, 'disabled', u.disabled),
    'memberships', COALESCE((SELECT jsonb_agg(jsonb_build_object('organisation_id', m.organisation_id, 'role', m.role,
      'residence_ids', m.residence_ids, 'household_id', m.household_id) ORDER BY m.created_at)
      FROM memberships m WHERE m.user_id = s.user_id), '[]'::jsonb));
END $$;
REVOKE ALL ON FUNCTION palier_session_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION palier_session_lookup(text) TO palier_app;`,
};
