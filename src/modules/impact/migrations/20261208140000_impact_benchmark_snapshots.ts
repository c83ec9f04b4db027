import type { Migration } from '../../../platform/db/migration.js';

// The benchmark learns indicators of the other modules (coworking occupancy, attendance, answers to
// proposals). Those cannot be recomputed in SQL for each member (a coworking's capacity comes from its
// opening hours and the public holidays), so a member's figure is the one its nightly snapshot holds
// for the same period (impact.refresh-snapshots): computed from its data, read with its own app.org_id
// as the directory figures are. A member without that snapshot does not contribute. A personal
// indicator's figure still needs a base of `threshold` people; the others have none to check.
export const migration: Migration = {
  id: '20261208140000_impact_benchmark_snapshots',
  sql: `
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
    IF from_snapshot THEN
      SELECT (s.results #>> ARRAY[p_indicator, 'overall'])::numeric AS value, (s.results #>> ARRAY[p_indicator, 'base', 'overall'])::integer AS base INTO fig
      FROM impact_snapshots s WHERE s.organisation_id = m AND s.period_from = p_from AND s.period_to = p_to;
      CONTINUE WHEN NOT FOUND OR fig.value IS NULL OR coalesce(fig.base, threshold) < threshold;
    ELSE
      SELECT * INTO fig FROM impact_member_figure(p_indicator, p_from, p_to);
      CONTINUE WHEN fig.value IS NULL OR fig.base < threshold;
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
