import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { periodOf } from '../domain/period.js';
import { dashboard } from '../queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
// A year the demo never touches: only the proposals written here count.
const YEAR = 2014;
let orgId: string;
let someUser: string;
let first: string;
let second: string;

async function process(residenceId: string | null): Promise<string> {
  return (await q(`insert into community_processes (organisation_id, title, residence_id, starts_on) values ($1, 'Comité 2014', $2, '2014-01-01') returning id`, [orgId, residenceId]))[0].id;
}

/** A proposal made on 1 March, answered `days` later (null: not answered); hidden ones count nowhere. */
async function proposal(processId: string, days: number | null, hidden = false): Promise<void> {
  const id = (
    await q(
      `insert into community_proposals (organisation_id, process_id, title, body, category, credited_to, created_at, hidden_at, hidden_reason)
       values ($1, $2, 'Un composteur', 'Près du jardin', 'environment', 'Atelier de mars', '2014-03-01T10:00:00+01', $3, $4) returning id`,
      [orgId, processId, hidden ? '2014-03-02T10:00:00+01' : null, hidden ? 'Hors sujet' : null],
    )
  )[0].id;
  if (days !== null) await q(`insert into community_answers (organisation_id, proposal_id, status, body, answered_at) values ($1, $2, 'under_study', 'Nous étudions.', timestamptz '2014-03-01T10:00:00+01' + make_interval(days => $3))`, [orgId, id, days]);
}

beforeAll(async () => {
  t = await testApp();
  orgId = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  const residence = (name: string, ref: string) => q(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $3, '1 rue Haute', '51100', 'Reims') returning id`, [orgId, ref, name]);
  first = (await residence('Les Érables', 'ANSWER-1'))[0].id;
  second = (await residence('Les Ormes', 'ANSWER-2'))[0].id;
  const [p1, p2, wide] = [await process(first), await process(second), await process(null)];
  // First residence: 2, 4 and 10 days, one unanswered, one hidden answered in 0; second: 1 and 3; landlord-wide: 20.
  for (const d of [2, 4, 10, null]) await proposal(p1, d);
  await proposal(p1, 0, true);
  for (const d of [1, 3]) await proposal(p2, d);
  await proposal(wide, 20);
});

const staff = (): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

describe('the median time to answer a proposal', () => {
  it('gives each residence its median and the landlord the median of all its proposals, not a mean of medians', async () => {
    const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: null });
    const col = d.columns.find((c) => c.indicator.key === 'community.answer_days_median');
    expect(col?.cells[d.residences.findIndex((r) => r.id === first)]).toBe(4);
    expect(col?.cells[d.residences.findIndex((r) => r.id === second)]).toBe(2);
    // 1, 2, 3, 4, 10, 20: the landlord-wide process counts too.
    expect(col?.total).toBe(3.5);
  });

  it('takes one residence alone when it is chosen, and has no value for a period without answers', async () => {
    const d = await dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: first });
    expect(d.columns.find((c) => c.indicator.key === 'community.answer_days_median')?.total).toBe(4);
    const before = await dashboard(t.database.db, staff(), { period: periodOf(YEAR - 1), residenceId: null });
    expect(before.columns.find((c) => c.indicator.key === 'community.answer_days_median')?.total).toBeNull();
  });
});
