import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { lastSlot } from '../../platform/jobs/scheduler.js';
import { monthlyRunJob, previousPeriod } from './jobs/monthly-run.js';
import { conciergeModule } from './module.js';
import { issueMonth } from './test-support/run-month.js';

let t: Awaited<ReturnType<typeof testApp>>;
const log = pino({ level: 'silent' });
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const thisMonth = new Date().toISOString().slice(0, 7);
/** 02:30 in Paris on the first of the month after this one: the job's slot. */
const [y, m] = thisMonth.split('-').map(Number);
const firstOfNext = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1, 1, 30));

beforeAll(async () => {
  t = await testApp();
});

describe('previousPeriod: the month before, in Paris', () => {
  it('reads the date in Paris, not the server’s zone, and wraps the year', () => {
    expect(previousPeriod(new Date('2026-11-30T23:30:00Z'))).toBe('2026-11'); // 1 December 00:30 in Paris
    expect(previousPeriod(new Date('2026-11-30T22:30:00Z'))).toBe('2026-10'); // still 30 November in Paris
    expect(previousPeriod(new Date('2027-01-01T01:30:00Z'))).toBe('2026-12');
    expect(previousPeriod(new Date('2026-07-15T12:00:00Z'))).toBe('2026-06');
  });
});

describe('the monthly run as a scheduled job', () => {
  it('is declared in the manifest, scheduled on the first of each month', () => {
    expect(conciergeModule.jobs?.map((j) => j.name)).toContain('concierge.monthly-run');
    const slot = lastSlot(monthlyRunJob.schedule, new Date('2027-03-15T12:00:00Z'));
    expect(slot.toISOString()).toBe('2027-03-01T01:30:00.000Z'); // 02:30 in Paris (winter time)
  });

  it('issues the previous month’s statements and payouts of every desk, numbered on without gaps, and a second run issues nothing', async () => {
    // A request completed this month: billed to its household, paid out to its provider.
    const [req] = await q("select r.id, r.provider_id, r.subscription_id from concierge_requests r where r.status = 'dispatched' and r.unit_cost_cents is not null limit 1");
    await q("update concierge_requests set status = 'done', completed_at = now() where id = $1", [req.id]);
    const before = await q('select organisation_id, max(number)::int as last from concierge_statements group by organisation_id');
    const subs = await q("select id from concierge_subscriptions where status = 'active' and starts_on < $1::date", [`${thisMonth}-01`]);
    expect((await q('select count(*)::int as n from concierge_statements where period = $1', [thisMonth]))[0].n).toBe(0);

    const first = await monthlyRunJob.run({ services: t.services, now: firstOfNext, log });
    expect(first.desks).toBe(1);
    const issued = await q('select id, number, party, household_id, issued_by, gross_cents from concierge_statements where period = $1 order by number', [thisMonth]);
    expect(first.statements).toBe(issued.length);
    // One per subscriber (its share of the fee) plus one for the landlord's shares.
    expect(issued.filter((s) => s.party === 'household').length).toBe(subs.length);
    expect(issued.filter((s) => s.party === 'landlord').length).toBe(1);
    // Numbered on from the last issued number, without a gap; issued by the job (no person).
    const last = before[0].last as number;
    expect(issued.map((s) => s.number)).toEqual(issued.map((_, i) => last + 1 + i));
    for (const s of issued) expect(s.issued_by).toBeNull();
    // The completed request is on its household's statement and on its provider's payout statement.
    const [line] = await q('select l.statement_id from concierge_statement_lines l where l.request_id = $1', [req.id]);
    expect(issued.map((s) => s.id)).toContain(line.statement_id);
    const payouts = await q('select s.id, s.provider_id from concierge_payout_statements s join concierge_payout_lines l on l.payout_id = s.id where l.request_id = $1', [req.id]);
    expect(payouts).toHaveLength(1);
    expect(payouts[0].provider_id).toBe(req.provider_id);
    expect(first.payouts).toBe((await q('select count(*)::int as n from concierge_payout_statements where period = $1', [thisMonth]))[0].n);
    expect(first.payouts).toBeGreaterThan(0);
    // Audited under the association, without a user.
    const audits = await q("select organisation_id, actor_user_id from audit_events where action = 'concierge.statement.issued' and target_id = any($1::text[])", [issued.map((s) => s.id)]);
    expect(audits).toHaveLength(issued.length);
    for (const a of audits) expect(a).toEqual({ organisation_id: (await q("select id from organisations where slug = 'conciergerie-solidaire-51'"))[0].id, actor_user_id: null });

    // Again (a retried slot, a second process): nothing new.
    const again = await monthlyRunJob.run({ services: t.services, now: new Date(firstOfNext.getTime() + 3_600_000), log });
    expect(again).toEqual({ desks: 1, statements: 0, payouts: 0 });
    expect((await q('select count(*)::int as n from concierge_statements where period = $1', [thisMonth]))[0].n).toBe(issued.length);
    // Nor the staff's run for the same month (the command behind the button, which refuses a month until it has ended).
    expect(await issueMonth(t.database, demo('partner_staff'), thisMonth)).toEqual({ issued: 0, payouts: 0 });
    expect((await q('select count(*)::int as n from concierge_statements where period = $1', [thisMonth]))[0].n).toBe(issued.length);
    expect((await q('select count(*)::int as n from concierge_payout_statements where period = $1', [thisMonth]))[0].n).toBe(first.payouts);
  });

  it('two runs at once issue each statement once, numbers without gap or duplicate', async () => {
    const [py, pm] = [m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1];
    const nextPeriod = `${py}-${String(pm).padStart(2, '0')}`;
    const slot = new Date(Date.UTC(pm === 12 ? py + 1 : py, pm === 12 ? 0 : pm, 1, 1, 30));
    const [a, b] = await Promise.all([monthlyRunJob.run({ services: t.services, now: slot, log }), monthlyRunJob.run({ services: t.services, now: slot, log })]);
    const rows = await q('select number from concierge_statements where period = $1 order by number', [nextPeriod]);
    expect(a.statements + b.statements).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(0);
    const all = await q("select number from concierge_statements where kind = 'statement' order by number");
    expect(all.map((r) => r.number)).toEqual(all.map((_, i) => i + 1));
  });
});
