import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { periodOf } from '../domain/period.js';
import { dashboard } from '../queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const org = new Map<string, string>();
let someUser: string;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const year = new Date().getUTCFullYear();
const PERIOD = periodOf(year);
// The year in Paris as instants, as the indicators see it.
const FROM = `${year - 1}-12-31T23:00:00Z`;
const TO = `${year}-12-31T23:00:00Z`;

beforeAll(async () => {
  t = await testApp();
  for (const o of await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute()) org.set(o.slug as string, o.id as string);
  someUser = (await t.database.db.selectFrom('users').select('id').where('email', '=', demo('programme_manager')).executeTakeFirstOrThrow()).id as string;
});

const staffOf = (slug: string): Actor => ({
  kind: 'user',
  userId: someUser,
  displayName: 'Test',
  locale: 'fr',
  orgId: org.get(slug) as string,
  roles: ['programme_manager'],
  residenceIds: null,
  householdId: null,
  actingFor: null,
  tokenScopes: null,
});

describe('concierge indicators, through the concierge’s public query', () => {
  it('the landlord sees its households’ figures: subscribers, requests by status, median delay, labelled share, local money', async () => {
    const landlord = org.get('plurial-novilia') as string;
    const d = await dashboard(t.database.db, staffOf('plurial-novilia'), { period: PERIOD, residenceId: null });
    const col = (key: string) => d.columns.find((c) => c.indicator.key === key);
    const [exp] = await q(
      `select
        (select count(distinct household_id) from concierge_subscriptions where landlord_id = $1 and starts_on < $3::timestamptz and (ends_on is null or ends_on >= ($2::timestamptz at time zone 'Europe/Paris')::date))::int as subscribers,
        (select count(*) from concierge_requests where landlord_id = $1 and created_at >= $2 and created_at < $3)::int as requests,
        (select count(*) from concierge_requests where landlord_id = $1 and created_at >= $2 and created_at < $3 and status in ('done', 'closed'))::int as done,
        (select count(*) from concierge_requests where landlord_id = $1 and created_at >= $2 and created_at < $3 and status = 'cancelled')::int as cancelled,
        (select count(*) from concierge_requests where landlord_id = $1 and created_at >= $2 and created_at < $3 and provider_id is not null)::int as dispatched,
        (select count(*) from concierge_requests r join concierge_providers p on p.id = r.provider_id where r.landlord_id = $1 and r.created_at >= $2 and r.created_at < $3 and p.labels && array['ess', 'local'])::int as labelled,
        (select coalesce(sum(r.net_cents + round(r.net_cents * r.vat_rate_bp / 10000.0)), 0) from concierge_requests r join concierge_providers p on p.id = r.provider_id
           where r.landlord_id = $1 and r.status in ('done', 'closed') and r.completed_at >= $2 and r.completed_at < $3 and p.labels && array['ess', 'local'])::int as local,
        (select round((percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at) / 86400))::numeric, 1)::float8
           from concierge_requests where landlord_id = $1 and completed_at >= $2 and completed_at < $3) as median`,
      [landlord, FROM, TO],
    );
    expect(exp.requests).toBeGreaterThan(10);
    expect(exp.done).toBeGreaterThan(0);
    expect(exp.local).toBeGreaterThan(0);
    // Households are people: below the organisation's threshold the figure is hidden.
    expect(col('concierge.subscribers')?.total).toBe(exp.subscribers < d.threshold ? null : exp.subscribers);
    expect(exp.subscribers).toBeGreaterThan(0);
    expect(col('concierge.requests')?.total).toBe(exp.requests);
    expect(col('concierge.requests_done')?.total).toBe(exp.done);
    expect(col('concierge.requests_cancelled')?.total).toBe(exp.cancelled);
    expect(col('concierge.requests_open')?.total).toBe(exp.requests - exp.done - exp.cancelled);
    expect(col('concierge.median_days_to_done')?.total).toBe(exp.median);
    expect(col('concierge.labelled_share')?.total).toBe(Math.round((1000 * exp.labelled) / exp.dispatched) / 10);
    expect(col('concierge.local_cents')?.total).toBe(exp.local);
    // By residence, the counts add up to the whole.
    const requests = col('concierge.requests');
    expect([...(requests?.cells.values() ?? [])].reduce((s: number, v) => s + ((v as number | null) ?? 0), 0)).toBe(exp.requests);
  });

  it('the association sees its whole desk; another landlord sees nothing of it', async () => {
    const asso = await dashboard(t.database.db, staffOf('conciergerie-solidaire-51'), { period: PERIOD, residenceId: null });
    const [all] = await q('select count(*)::int as n from concierge_requests where created_at >= $1 and created_at < $2', [FROM, TO]);
    expect(asso.columns.find((c) => c.indicator.key === 'concierge.requests')?.total).toBe(all.n);
    const other = await dashboard(t.database.db, staffOf('logirem'), { period: PERIOD, residenceId: null });
    const col = (key: string) => other.columns.find((c) => c.indicator.key === key);
    expect(col('concierge.requests')?.total).toBe(0);
    expect(col('concierge.local_cents')?.total).toBe(0);
    expect(col('concierge.median_days_to_done')?.total).toBeNull();
  });
});
