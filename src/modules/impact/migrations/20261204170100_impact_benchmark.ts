import type { Migration } from '../../../platform/db/migration.js';

// See docs/decisions/network-benchmarks.md. impact_member_figure runs with the caller's rights
// and filters on app.org_id itself (a superuser owner would skip RLS inside the definer function). impact_network_benchmark runs as the
// migration owner: it switches app.org_id to each opted-in member in turn — which also satisfies
// forced RLS when the owner is not a superuser — and returns only the distribution of figures
// drawn from at least `threshold` households, and only when at least 3 members contribute.
export const migration: Migration = {
  id: '20261204170100_impact_benchmark',
  sql: `
CREATE FUNCTION impact_member_figure(p_indicator text, p_from date, p_to date, OUT value numeric, OUT base integer)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  WITH o AS (
    SELECT o.starts_on, o.ends_on, h.members_count, h.channel,
      (o.starts_on <= p_to - 1 AND (o.ends_on IS NULL OR o.ends_on >= p_to - 1)) AS active
    FROM occupancies o JOIN households h ON h.id = o.household_id
    WHERE o.organisation_id = nullif(current_setting('app.org_id', true), '')::uuid
  ), f AS (
    SELECT (SELECT count(*) FROM dwellings d WHERE d.organisation_id = nullif(current_setting('app.org_id', true), '')::uuid) AS dwellings,
      count(*) FILTER (WHERE active) AS households,
      coalesce(sum(members_count) FILTER (WHERE active), 0) AS residents,
      count(*) FILTER (WHERE active AND channel = 'paper') AS paper,
      count(*) FILTER (WHERE ends_on >= p_from AND ends_on < p_to) AS move_outs
    FROM o
  )
  SELECT CASE p_indicator
      WHEN 'occupancy_rate' THEN round(100.0 * households / nullif(dwellings, 0), 1)
      WHEN 'paper_share' THEN round(100.0 * paper / nullif(households, 0), 1)
      WHEN 'household_size' THEN round(residents::numeric / nullif(households, 0), 2)
      WHEN 'turnover_rate' THEN round(100.0 * move_outs / nullif(dwellings, 0), 1)
    END, households::int
  FROM f
$$;

CREATE FUNCTION impact_network_benchmark(p_network uuid, p_indicator text, p_from date, p_to date)
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
BEGIN
  IF p_indicator NOT IN ('occupancy_rate', 'paper_share', 'household_size', 'turnover_rate') THEN
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
    SELECT * INTO fig FROM impact_member_figure(p_indicator, p_from, p_to);
    CONTINUE WHEN fig.value IS NULL OR fig.base < threshold;
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
END $$;
REVOKE ALL ON FUNCTION impact_network_benchmark(uuid, text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION impact_network_benchmark(uuid, text, date, date) TO palier_app;
GRANT EXECUTE ON FUNCTION impact_member_figure(text, date, date) TO palier_app;`,
};
