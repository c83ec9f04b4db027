import { priceLine } from '../../src/modules/concierge/domain/money.js';

type Owner = { query: (sql: string, args?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

/** The month `k` months after `period` ('YYYY-MM'; k may be negative). */
export function shiftPeriod(period: string, k: number): string {
  const [y, m] = period.split('-').map(Number);
  const n = y * 12 + (m - 1) + k;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

// Two services of our own, priced so that VAT rounds (20 % of 19,90 €; 5,5 % of 7,35 €).
const SERVICES = [
  { code: 'FIAB-MENAGE', fr: 'Ménage (fiabilité)', unit: 'hour', cents: 1990, vat: 2000 },
  { code: 'FIAB-COURSES', fr: 'Courses (fiabilité)', unit: 'delivery', cents: 735, vat: 550 },
];
const PLAN = { fee: 2150, tenant: 850 };

/** The requests of subscriber `g` (1-based) in each month: one, and a second for every third subscriber. */
function asksOf(g: number): { service: number; quantity: number }[] {
  return [1, 2].filter((k) => k === 1 || g % 3 === 0).map((k) => ({ service: k - 1, quantity: 1 + ((g + k) % 3) }));
}

/**
 * A month's worth of billing at the demo's concierge desk (the partner staff's), in SQL for speed:
 * `subscribers` households of Logirep (a landlord the demo bills nothing) on a plan of our own since
 * long before `periods`, each with services completed in every one of those months, done by two
 * providers of our own. What each month's run must then issue is returned with the fixtures.
 */
export async function billingMonths(owner: Owner, subscribers: number, periods: string[]) {
  const one = async (text: string, args: unknown[] = []) => (await owner.query(text, args)).rows[0];
  const { assoc, landlord, staff } = await one(
    "select (select id from organisations where slug = 'conciergerie-solidaire-51') as assoc, (select id from organisations where slug = 'logirep') as landlord, (select id from users where email = 'partner-staff@demo.palier.fr') as staff",
  );
  const desk = (await one('select id from concierge_desks where organisation_id = $1 order by created_at limit 1', [assoc])).id as string;
  const residence = (await one('select id from residences where organisation_id = $1 order by reference limit 1', [landlord])).id as string;
  const plan = (
    await one("insert into concierge_plans (organisation_id, desk_id, code, name_fr, name_en, monthly_fee_cents, tenant_share_cents) values ($1, $2, 'FIAB', 'Formule fiabilité', 'Reliability plan', $3, $4) returning id", [
      assoc,
      desk,
      PLAN.fee,
      PLAN.tenant,
    ])
  ).id as string;
  const providers: string[] = [];
  for (const name of ['Fiabilité Services A', 'Fiabilité Services B'])
    providers.push((await one('insert into concierge_providers (organisation_id, desk_id, name) values ($1, $2, $3) returning id', [assoc, desk, name])).id as string);
  const services: string[] = [];
  for (const s of SERVICES)
    services.push(
      (
        await one("insert into concierge_catalogue (organisation_id, desk_id, code, name_fr, name_en, description_fr, description_en, unit, unit_cost_cents, vat_rate_bp) values ($1, $2, $3, $4, $4, '', '', $5, $6, $7) returning id", [
          assoc,
          desk,
          s.code,
          s.fr,
          s.unit,
          s.cents,
          s.vat,
        ])
      ).id as string,
    );
  const since = `${shiftPeriod(periods[0], -6)}-01`;
  await owner.query(
    `insert into concierge_subscriptions (organisation_id, landlord_id, desk_id, household_id, plan_id, household_name, dwelling_reference, residence_id, starts_on, created_via, created_by, idempotency_key)
     select $1, $2, $3, gen_random_uuid(), $4, 'Foyer fiabilité ' || g, 'FIAB-' || lpad(g::text, 5, '0'), $5, $6::date, 'counter', $7, 'fiab-sub-' || g from generate_series(1, $8::int) g`,
    [assoc, landlord, desk, plan, residence, since, staff, subscribers],
  );
  for (const period of periods)
    for (const k of [1, 2])
      await owner.query(
        `insert into concierge_requests (organisation_id, landlord_id, subscription_id, household_id, catalogue_id, quantity, wanted_on, status, provider_id, unit_cost_cents, vat_rate_bp, net_cents, completed_at, created_via, created_by, idempotency_key)
         select s.organisation_id, s.landlord_id, s.id, s.household_id, c.id, q.quantity, ($1::text || '-10')::date, 'closed', ($2::uuid[])[1 + g % 2], c.unit_cost_cents, c.vat_rate_bp, c.unit_cost_cents * q.quantity,
                (($1::text || '-10')::date + (g % 15) * interval '1 day' + interval '12 hours') at time zone 'Europe/Paris', 'counter', $3, 'fiab-req-' || $1::text || '-' || g || '-' || $4::int
           from (select id, organisation_id, landlord_id, household_id, substring(dwelling_reference from 6)::int as g from concierge_subscriptions where plan_id = $5) s
           cross join lateral (select 1 + (s.g + $4::int) % 3 as quantity) q
           join concierge_catalogue c on c.id = ($6::uuid[])[$4::int]
          where $4::int = 1 or s.g % 3 = 0`,
        [period, providers, staff, k, plan, services],
      );

  // What a month's run issues for these subscribers: a statement each (the tenant's share and its
  // services), one for the landlord (its shares), and a payout statement per provider.
  let households = 0;
  let requests = 0;
  for (let g = 1; g <= subscribers; g++) {
    const lines = [priceLine({ label: 'fee', quantity: 1, unitCents: PLAN.tenant, vatRateBp: 0 })];
    for (const a of asksOf(g)) lines.push(priceLine({ label: 's', quantity: a.quantity, unitCents: SERVICES[a.service].cents, vatRateBp: SERVICES[a.service].vat }));
    households += lines.reduce((sum, l) => sum + l.grossCents, 0);
    requests += lines.length - 1;
  }
  return {
    orgId: assoc as string,
    deskId: desk,
    planId: plan,
    landlordId: landlord as string,
    providers,
    perMonth: {
      statements: subscribers + 1,
      payouts: providers.length,
      requests,
      lines: subscribers + requests + subscribers,
      householdGrossCents: households,
      landlordGrossCents: subscribers * (PLAN.fee - PLAN.tenant),
    },
  };
}

/** What of the run is in the database for these months: every invariant the monthly run promises, as counts that must be zero, and the totals. */
export async function statementFacts(owner: Owner, f: Awaited<ReturnType<typeof billingMonths>>, periods: string[]) {
  const rows = async (text: string, args: unknown[] = []) => (await owner.query(text, args)).rows;
  const mine = "st.desk_id = $1 and st.period = any($2) and st.kind = 'statement' and (st.subscription_id in (select id from concierge_subscriptions where plan_id = $3) or (st.party = 'landlord' and st.landlord_id = $4))";
  const args = [f.deskId, periods, f.planId, f.landlordId];
  const perPeriod = await rows(
    `select st.period, count(*)::int as statements, count(*) filter (where st.party = 'household')::int as households,
            coalesce(sum(st.gross_cents) filter (where st.party = 'household'), 0)::bigint as household_gross,
            coalesce(sum(st.gross_cents) filter (where st.party = 'landlord'), 0)::bigint as landlord_gross
       from concierge_statements st where ${mine} group by st.period order by st.period`,
    args,
  );
  const [checks] = await rows(
    `select
       (select count(*)::int from (select 1 from concierge_statements st where ${mine} group by st.period, st.party, coalesce(st.household_id, st.landlord_id) having count(*) > 1) d) as duplicates,
       (select count(*)::int from concierge_statements st where ${mine} and (select count(*) from concierge_statement_lines l where l.statement_id = st.id) = 0) as without_lines,
       (select count(*)::int from concierge_statements st
          cross join lateral (select coalesce(sum(l.net_cents), 0) as net, coalesce(sum(l.vat_cents), 0) as vat, coalesce(sum(l.gross_cents), 0) as gross from concierge_statement_lines l where l.statement_id = st.id) t
          where ${mine} and (st.net_cents <> t.net or st.vat_cents <> t.vat or st.gross_cents <> t.gross)) as unbalanced,
       (select count(*)::int from concierge_statements st where ${mine} and (select count(*) from audit_events e where e.action = 'concierge.statement.issued' and e.target_id = st.id::text) <> 1) as unaudited,
       (select count(*)::int from concierge_requests r join concierge_subscriptions s on s.id = r.subscription_id where s.plan_id = $3 and to_char(r.completed_at at time zone 'Europe/Paris', 'YYYY-MM') = any($2)
          and exists (select 1 from concierge_statements st where ${mine} and st.period = to_char(r.completed_at at time zone 'Europe/Paris', 'YYYY-MM'))
          and (select count(*) from concierge_statement_lines l where l.request_id = r.id and l.quantity > 0) <> 1) as requests_not_billed_once`,
    args,
  );
  const payouts = await rows(
    `select p.period, count(*)::int as n,
            count(*) filter (where p.net_cents <> t.net or p.vat_cents <> t.vat or p.gross_cents <> t.gross)::int as unbalanced,
            count(*) filter (where (select count(*) from audit_events e where e.action = 'concierge.payout_statement.issued' and e.target_id = p.id::text) <> 1)::int as unaudited,
            sum(t.lines)::int as lines
       from concierge_payout_statements p
       cross join lateral (select count(*) as lines, coalesce(sum(l.net_cents), 0) as net, coalesce(sum(l.vat_cents), 0) as vat, coalesce(sum(l.gross_cents), 0) as gross from concierge_payout_lines l where l.payout_id = p.id) t
      where p.provider_id = any($1) and p.period = any($2) group by p.period order by p.period`,
    [f.providers, periods],
  );
  // Numbering: each series of the organisation is 1..its counter, every number once.
  const [numbers] = await rows(
    `select (select last_number from concierge_statement_counters where organisation_id = $1) as statement_counter,
            (select count(*)::int from concierge_statements where organisation_id = $1 and kind = 'statement') as statements,
            (select count(distinct number)::int from concierge_statements where organisation_id = $1 and kind = 'statement') as statement_numbers,
            (select coalesce(min(number), 0) from concierge_statements where organisation_id = $1 and kind = 'statement') as statement_min,
            (select coalesce(max(number), 0) from concierge_statements where organisation_id = $1 and kind = 'statement') as statement_max,
            (select last_number from concierge_payout_counters where organisation_id = $1) as payout_counter,
            (select count(*)::int from concierge_payout_statements where organisation_id = $1) as payouts,
            (select count(distinct number)::int from concierge_payout_statements where organisation_id = $1) as payout_numbers,
            (select coalesce(min(number), 0) from concierge_payout_statements where organisation_id = $1) as payout_min,
            (select coalesce(max(number), 0) from concierge_payout_statements where organisation_id = $1) as payout_max,
            (select count(*)::int from audit_events e where e.organisation_id = $1 and e.action = 'concierge.statement.issued' and not exists (select 1 from concierge_statements st where st.id::text = e.target_id)) as orphan_audits`,
    [f.orgId],
  );
  return { perPeriod, checks, payouts, numbers };
}
