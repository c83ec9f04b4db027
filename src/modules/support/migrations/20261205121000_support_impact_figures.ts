import type { Migration } from '../../../platform/db/migration.js';

export const migration: Migration = {
  id: '20261205121000_support_impact_figures',
  sql: `
-- Who put money in the fund: the landlord itself or a partner (for the leverage figure).
ALTER TABLE support_fund_entries ADD COLUMN contributor text CHECK (contributor IN ('landlord', 'partner'));
UPDATE support_fund_entries SET contributor = CASE WHEN label ILIKE '%logirem%' OR label ILIKE '%bailleur%' THEN 'landlord' ELSE 'partner' END WHERE kind = 'credit';

-- The impact figures of the support programmes of the caller's organisation (app.org_id), per
-- programme and for all of them (programme_id null), as counts, sums and medians only — never a case. SECURITY DEFINER because cases are
-- need-to-know (RLS on the person): the dashboard names no person, yet must count every case.
CREATE FUNCTION support_impact_figures(p_from timestamptz, p_to timestamptz)
RETURNS TABLE (
  programme_id uuid, kind text, opened integer, closed integer, close_days_median numeric,
  grants integer, granted_cents bigint, fund_available_cents bigint, partner_credit_cents bigint, landlord_credit_cents bigint,
  leases_slid integer, lease_days_median numeric, adaptations_done integer, adaptation_days_median numeric,
  onboarding_opened integer, onboarding_completed integer
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH org AS (SELECT nullif(current_setting('app.org_id', true), '')::uuid AS id),
  p AS (SELECT sp.id, sp.kind FROM support_programmes sp, org WHERE sp.organisation_id = org.id),
  c AS (SELECT sc.*, p.kind AS pkind FROM support_cases sc JOIN p ON p.id = sc.programme_id),
  -- One row per programme, and one (no programme, kind 'all') for the whole organisation: medians do not add up.
  q AS (SELECT p.id, p.kind FROM p UNION ALL SELECT NULL::uuid, 'all'),
  stage_at AS (
    SELECT h.case_id, h.stage, min(h.at) AS at FROM support_stage_history h JOIN c ON c.id = h.case_id GROUP BY h.case_id, h.stage
  ),
  d AS (
    SELECT sd.* FROM support_decisions sd JOIN p ON p.id = sd.programme_id
    WHERE sd.outcome = 'granted' AND sd.decided_at >= p_from AND sd.decided_at < p_to
      AND NOT EXISTS (SELECT 1 FROM support_decisions x WHERE x.corrects_id = sd.id)
  ),
  f AS (
    SELECT fu.programme_id,
      coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'credit' AND e.at < p_to), 0)
        - coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'commitment' AND e.at < p_to), 0)
        + coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'release' AND e.at < p_to), 0) AS available,
      coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'credit' AND e.contributor = 'partner' AND e.at >= p_from AND e.at < p_to), 0) AS partner,
      coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'credit' AND e.contributor = 'landlord' AND e.at >= p_from AND e.at < p_to), 0) AS landlord
    FROM support_funds fu JOIN p ON p.id = fu.programme_id LEFT JOIN support_fund_entries e ON e.fund_id = fu.id
    GROUP BY fu.programme_id
  )
  SELECT q.id, q.kind,
    (SELECT count(*)::int FROM c WHERE (q.id IS NULL OR c.programme_id = q.id) AND c.opened_at >= p_from AND c.opened_at < p_to),
    (SELECT count(*)::int FROM c WHERE (q.id IS NULL OR c.programme_id = q.id) AND c.closed_at >= p_from AND c.closed_at < p_to),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.opened_at) / 86400)::numeric
       FROM c WHERE (q.id IS NULL OR c.programme_id = q.id) AND c.closed_at >= p_from AND c.closed_at < p_to),
    (SELECT count(*)::int FROM d WHERE (q.id IS NULL OR d.programme_id = q.id)),
    (SELECT coalesce(sum(d.monthly_cents::bigint * d.months), 0)::bigint FROM d WHERE (q.id IS NULL OR d.programme_id = q.id)),
    (SELECT sum(f.available)::bigint FROM f WHERE q.id IS NULL OR f.programme_id = q.id),
    (SELECT coalesce(sum(f.partner), 0)::bigint FROM f WHERE q.id IS NULL OR f.programme_id = q.id),
    (SELECT coalesce(sum(f.landlord), 0)::bigint FROM f WHERE q.id IS NULL OR f.programme_id = q.id),
    (SELECT count(*)::int FROM stage_at s JOIN c ON c.id = s.case_id WHERE (q.id IS NULL OR c.programme_id = q.id) AND s.stage = 'slid' AND s.at >= p_from AND s.at < p_to),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - coalesce(e.at, c.opened_at)) / 86400)::numeric
       FROM stage_at s JOIN c ON c.id = s.case_id LEFT JOIN stage_at e ON e.case_id = s.case_id AND e.stage = 'entry'
       WHERE (q.id IS NULL OR c.programme_id = q.id) AND s.stage = 'slid' AND s.at >= p_from AND s.at < p_to),
    (SELECT count(*)::int FROM stage_at s JOIN c ON c.id = s.case_id WHERE (q.id IS NULL OR c.programme_id = q.id) AND s.stage = 'works_done' AND s.at >= p_from AND s.at < p_to),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - coalesce(r.at, c.opened_at)) / 86400)::numeric
       FROM stage_at s JOIN c ON c.id = s.case_id LEFT JOIN stage_at r ON r.case_id = s.case_id AND r.stage = 'requested'
       WHERE (q.id IS NULL OR c.programme_id = q.id) AND s.stage = 'works_done' AND s.at >= p_from AND s.at < p_to),
    (SELECT count(*)::int FROM c WHERE (q.id IS NULL OR c.programme_id = q.id) AND c.pkind = 'onboarding' AND c.opened_at >= p_from AND c.opened_at < p_to),
    (SELECT count(*)::int FROM c WHERE (q.id IS NULL OR c.programme_id = q.id) AND c.pkind = 'onboarding' AND c.opened_at >= p_from AND c.opened_at < p_to
       AND EXISTS (SELECT 1 FROM support_case_steps st WHERE st.case_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM support_case_steps st WHERE st.case_id = c.id AND st.done_at IS NULL))
  FROM q
$$;
REVOKE ALL ON FUNCTION support_impact_figures(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_impact_figures(timestamptz, timestamptz) TO palier_app;`,
};
