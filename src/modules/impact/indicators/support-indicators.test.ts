import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { periodOf } from '../domain/period.js';
import { dashboard } from '../queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
let logirem: string;
let someUser: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const year = new Date().getUTCFullYear();
const PERIOD = periodOf(year);
const FROM = `${year - 1}-12-31T23:00:00Z`;
const TO = `${year}-12-31T23:00:00Z`;

beforeAll(async () => {
  t = await testApp();
  const [row] = await q(`select o.id from organisations o where exists (select 1 from support_programmes p where p.organisation_id = o.id) limit 1`);
  logirem = row.id;
  someUser = (await t.database.db.selectFrom('users').select('id').where('email', '=', demo('programme_manager')).executeTakeFirstOrThrow()).id as string;
});

const staff = (): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId: logirem, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });
const board = (residenceId: string | null = null) => dashboard(t.database.db, staff(), { period: PERIOD, residenceId });
const col = (d: Awaited<ReturnType<typeof board>>, key: string) => d.columns.find((c) => c.indicator.key === key);

describe('support indicators, through the support module’s public query', () => {
  it('fund, leverage and quota progress are the ledger’s and the quotas’ figures; none is by residence', async () => {
    const d = await board();
    const [exp] = await q(
      `select
        (select sum(case e.kind when 'credit' then e.amount_cents when 'commitment' then -e.amount_cents when 'release' then e.amount_cents else 0 end)
           from support_fund_entries e where e.organisation_id = $1 and e.at < $3)::bigint as available,
        (select sum(amount_cents) from support_fund_entries where organisation_id = $1 and kind = 'credit' and contributor = 'partner' and at >= $2 and at < $3)::float8 as partner,
        (select sum(amount_cents) from support_fund_entries where organisation_id = $1 and kind = 'credit' and contributor = 'landlord' and at >= $2 and at < $3)::float8 as landlord,
        (select sum(places) from support_quotas where organisation_id = $1 and period_start < ($3::timestamptz at time zone 'Europe/Paris')::date and period_end >= ($2::timestamptz at time zone 'Europe/Paris')::date)::int as places,
        (select count(*) from support_quota_allocations a join support_quotas qq on qq.id = a.quota_id where qq.organisation_id = $1
           and qq.period_start < ($3::timestamptz at time zone 'Europe/Paris')::date and qq.period_end >= ($2::timestamptz at time zone 'Europe/Paris')::date)::int as given`,
      [logirem, FROM, TO],
    );
    expect(Number(exp.available)).toBeGreaterThan(0);
    expect(col(d, 'support.fund_available')?.total).toBe(Number(exp.available));
    // The demo's ASQ fund: DDCH and GIC put in 25 000 € for Logirem's 5 000 €.
    expect(exp.partner / exp.landlord).toBe(5);
    expect(col(d, 'support.leverage')?.total).toBe(5);
    expect(exp.places).toBeGreaterThan(0);
    expect(col(d, 'support.quota_progress')?.total).toBe(Math.round((1000 * exp.given) / exp.places) / 10);
    for (const c of d.columns.filter((x) => x.indicator.source === 'support')) expect(c.cells.every((v) => v === null)).toBe(true);
  });

  it('hides the counts of people on too few cases, then gives them — and the median time to close — once there are enough', async () => {
    const before = await board();
    const [opened] = await q(`select count(*)::int as n from support_cases where organisation_id = $1 and opened_at >= $2 and opened_at < $3`, [logirem, FROM, TO]);
    expect(opened.n).toBeLessThan(before.threshold);
    expect(col(before, 'support.cases_opened')?.total).toBeNull();
    expect(col(before, 'support.close_days_median')?.total).toBeNull();
    // Twelve onboarding cases opened and closed early in the year, 2 to 24 days long.
    await q(
      `insert into support_cases (id, organisation_id, programme_id, household_id, reference, status, opened_at, closed_at, outcome)
       select gen_random_uuid(), $1, p.id, h.id, 'IND-' || g, 'closed', $2::timestamptz + g * interval '1 day', $2::timestamptz + g * interval '3 day', 'fait'
         from generate_series(1, 12) g
         cross join lateral (select id from support_programmes where organisation_id = $1 and kind = 'onboarding' limit 1) p
         cross join lateral (select id from households where organisation_id = $1 order by reference limit 1) h`,
      [logirem, FROM],
    );
    const after = await board();
    const [exp] = await q(
      `select (select count(*) from support_cases where organisation_id = $1 and opened_at >= $2 and opened_at < $3)::int as opened,
              (select count(*) from support_cases where organisation_id = $1 and closed_at >= $2 and closed_at < $3)::int as closed,
              (select round((percentile_cont(0.5) within group (order by extract(epoch from closed_at - opened_at) / 86400))::numeric, 1)::float8
                 from support_cases where organisation_id = $1 and closed_at >= $2 and closed_at < $3) as median,
              (select count(*) from support_cases c join support_programmes p on p.id = c.programme_id where c.organisation_id = $1 and p.kind = 'onboarding' and c.opened_at >= $2 and c.opened_at < $3)::int as onboarding`,
      [logirem, FROM, TO],
    );
    expect(col(after, 'support.cases_opened')?.total).toBe(exp.opened);
    expect(col(after, 'support.cases_closed')?.total).toBe(exp.closed);
    expect(col(after, 'support.close_days_median')?.total).toBe(exp.median);
    expect(exp.onboarding).toBeGreaterThanOrEqual(12);
    // The inserted cases have no steps, so they are not "complete"; the rate is on the onboardings opened.
    expect(col(after, 'support.onboarding_completion')?.indicator.personal).toBe(true);
    // Granted aid: the demo's decisions are too few to show an amount (it would tell a household's aid).
    const [grants] = await q(`select count(*)::int as n from support_decisions where organisation_id = $1 and outcome = 'granted' and decided_at >= $2 and decided_at < $3`, [logirem, FROM, TO]);
    if (grants.n < after.threshold) expect(col(after, 'support.aid_granted')?.total).toBeNull();
  });

  it('with a residence chosen, the landlord-wide support figures are not computable', async () => {
    const [res] = await q(`select id from residences where organisation_id = $1 limit 1`, [logirem]);
    const d = await board(res.id);
    for (const c of d.columns.filter((x) => x.indicator.source === 'support')) expect(c.total, c.indicator.key).toBeNull();
  });
});
