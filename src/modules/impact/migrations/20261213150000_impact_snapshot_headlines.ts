import type { Migration } from '../../../platform/db/migration.js';

// The network benchmark recomputed each member's directory figures live, over every occupancy of the
// member, four times per page: at landlord scale (146,000 dwellings) the page took longer than a user
// waits, and its connections held the pool. A snapshot now also keeps, beside its full results, each
// indicator's headline — the whole organisation's figure and the people behind it — small enough to read
// for every member on every page (the full results are 1.4 MB of JSON per landlord and period). The
// benchmark reads the headline when the member has a snapshot of the period (the same definitions, as of
// the nightly run, which is what the member's own dashboard shows), and recomputes live otherwise.
// `groups` keeps the dashboard's groups (by agency, by residence type) computed the same night, with
// their residences, so that a grouped dashboard needs no live computation while its groups are unchanged.
export const migration: Migration = {
  id: '20261213150000_impact_snapshot_headlines',
  sql: `
ALTER TABLE impact_snapshots ADD COLUMN headline jsonb, ADD COLUMN groups jsonb;

CREATE OR REPLACE FUNCTION impact_network_benchmark(p_network uuid, p_indicator text, p_from date, p_to date)
RETURNS TABLE (members integer, q1 numeric, median numeric, q3 numeric, own numeric)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  caller uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  threshold integer;
  m uuid;
  fig record;
  vals numeric[] := '{}';
  mine numeric;
  from_snapshot boolean := p_indicator IN ('spaces.coworking_occupancy', 'community.attendance_rate', 'community.answered_share', 'community.answer_days_median');
  catalogue_key text := CASE WHEN p_indicator LIKE '%.%' THEN p_indicator ELSE 'directory.' || p_indicator END;
BEGIN
  IF NOT from_snapshot AND p_indicator NOT IN ('occupancy_rate', 'paper_share', 'household_size', 'turnover_rate') THEN
    RAISE EXCEPTION 'unknown indicator %', p_indicator USING ERRCODE = '22023';
  END IF;
  IF caller IS NULL OR NOT (caller = p_network OR EXISTS (SELECT 1 FROM network_memberships nm WHERE nm.network_id = p_network AND nm.member_id = caller)) THEN
    RAISE EXCEPTION 'not in this network' USING ERRCODE = '42501';
  END IF;
  SELECT greatest(5, coalesce((o.settings->>'impact_threshold')::int, 11)) INTO threshold FROM organisations o WHERE o.id = p_network AND o.kind = 'network';
  IF threshold IS NULL THEN
    RAISE EXCEPTION 'not a network' USING ERRCODE = '42501';
  END IF;
  FOR m IN SELECT nm.member_id FROM network_memberships nm WHERE nm.network_id = p_network ORDER BY nm.member_id LOOP
    PERFORM set_config('app.org_id', m::text, true);
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM impact_network_shares s WHERE s.organisation_id = m AND s.network_id = p_network AND s.indicator_key = p_indicator);
    -- The headline when the snapshot has one (no detoasting of the full results); else, for the
    -- snapshot-only indicators, the full results of an older snapshot; else the live figure.
    SELECT (s.headline #>> ARRAY[catalogue_key, 'overall'])::numeric AS value, (s.headline #>> ARRAY[catalogue_key, 'base'])::integer AS base INTO fig
    FROM impact_snapshots s WHERE s.organisation_id = m AND s.period_from = p_from AND s.period_to = p_to AND s.headline ? catalogue_key;
    IF NOT FOUND AND from_snapshot THEN
      SELECT (s.results #>> ARRAY[p_indicator, 'overall'])::numeric AS value, (s.results #>> ARRAY[p_indicator, 'base', 'overall'])::integer AS base INTO fig
      FROM impact_snapshots s WHERE s.organisation_id = m AND s.period_from = p_from AND s.period_to = p_to;
    ELSIF NOT FOUND THEN
      SELECT * INTO fig FROM impact_member_figure(p_indicator, p_from, p_to);
    END IF;
    IF from_snapshot THEN
      CONTINUE WHEN NOT FOUND OR fig.value IS NULL OR coalesce(fig.base, threshold) < threshold;
    ELSE
      CONTINUE WHEN fig.value IS NULL OR fig.base IS NULL OR fig.base < threshold;
    END IF;
    vals := vals || fig.value;
    IF m = caller THEN mine := fig.value; END IF;
  END LOOP;
  PERFORM set_config('app.org_id', caller::text, true);
  IF cardinality(vals) < 3 THEN
    RETURN QUERY SELECT cardinality(vals), NULL::numeric, NULL::numeric, NULL::numeric, mine;
    RETURN;
  END IF;
  RETURN QUERY SELECT cardinality(vals),
    round(percentile_cont(0.25) WITHIN GROUP (ORDER BY x::float8)::numeric, 2),
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x::float8)::numeric, 2),
    round(percentile_cont(0.75) WITHIN GROUP (ORDER BY x::float8)::numeric, 2),
    mine
  FROM unnest(vals) AS x;
END $$;`,
};
