import fc, { type Arbitrary, type Scheduler } from 'fast-check';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../src/modules/spaces/commands/cancel-booking.js';
import { createBooking } from '../../src/modules/spaces/commands/create-booking.js';
import { moveBooking } from '../../src/modules/spaces/commands/move-booking.js';
import { parisInstant } from '../../src/modules/spaces/domain/paris-time.js';
import { SpacesError } from '../../src/modules/spaces/errors.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, staffActor, userId, workingDayAhead } from '../../src/modules/spaces/testing.js';
import type { Actor } from '../../src/platform/access/actor.js';
import type { Db } from '../../src/platform/db/database.js';
import { testDatabase } from '../db.js';

// Model-based test of booking, cancelling and moving in one small space, on real PostgreSQL: four households
// each run a random sequence of steps (as themselves or at the desk) at the same time. fast-check's scheduler
// decides the order in which steps start and in which every SQL answer is handed back to its command (a Kysely
// plugin delays each result until the scheduler releases it), so the transactions interleave differently in
// each run. A household's own steps are sequential, so its model is exact: what it booked and still holds,
// and which refusals its own bookings explain (its slot overlaps one of its bookings, its weekly quota);
// other households only make a slot full. After each run, PostgreSQL must show: never more bookings at
// once than seats, never one seat held twice, each household's bookings exactly its model's, every row
// written acknowledged (a refusal left nothing, not even an audit event), and every "full" explained by as
// many seats taken at some point.
let database: Awaited<ReturnType<typeof testDatabase>>;
let space: DemoSpace;
let staff: Actor;
let residents: Actor[];
const SEATS = 2;
const QUOTA = 2;
const HOUSEHOLDS = 4;
const day = workingDayAhead(70);
const totals: Record<string, number> = {};
let runs = 0;

type Slot = { start: number; minutes: number };
type Mode = 'self' | 'counter';
type Op = { kind: 'book'; slot: Slot; mode: Mode } | { kind: 'cancel'; pick: number; mode: Mode } | { kind: 'move'; pick: number; slot: Slot; mode: Mode };
type Held = { id: string; start: number; end: number; live: boolean };
type Outcome = { household: number; op: Op; expected: string; got: string; slot?: Slot };

// The morning opening (9:00–12:00) of the coworking, in whole slots: the steps compete for it.
const slotArb: Arbitrary<Slot> = fc.constantFrom({ start: 540, minutes: 60 }, { start: 600, minutes: 60 }, { start: 660, minutes: 60 }, { start: 540, minutes: 120 }, { start: 600, minutes: 120 }, { start: 540, minutes: 180 });
const modeArb = fc.constantFrom<Mode>('self', 'counter');
const opArb: Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('book' as const), slot: slotArb, mode: modeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(5), mode: modeArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(5), slot: slotArb, mode: modeArb }) },
);
const sessionsArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 5 }), { minLength: HOUSEHOLDS, maxLength: HOUSEHOLDS });

/** Every SQL answer waits for the scheduler: the order in which concurrent transactions move on is fast-check's. */
class Interleave implements KyselyPlugin {
  constructor(
    private readonly s: Scheduler,
    private readonly label: string,
  ) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return this.s.schedule(Promise.resolve(args.result), this.label);
  }
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const codeOf = (e: unknown) => (e instanceof SpacesError ? e.code : `unexpected: ${(e as Error).message}`);

/** What the household's own bookings decide for a new slot (null: the others decide, booked or full). */
function ownRefusal(mine: Held[], slot: Slot): string | null {
  const wanted = { start: slot.start, end: slot.start + slot.minutes };
  if (mine.some((b) => overlaps(b, wanted))) return 'spaces.error.alreadyBooked';
  if (mine.length >= QUOTA) return 'spaces.error.quotaWeekBookings';
  return null;
}

async function step(db: Db, h: number, op: Op, known: Held[], out: Outcome[]): Promise<void> {
  const household = space.households[h];
  const actor = op.mode === 'self' ? residents[h] : staff;
  const live = () => known.filter((b) => b.live);
  let expected: string;
  let got = 'ok';
  if (op.kind === 'book') {
    expected = ownRefusal(live(), op.slot) ?? 'ok|full';
    try {
      const input = { resourceId: space.resourceId, date: day, start: hhmm(op.slot.start), minutes: op.slot.minutes, purpose: 'unspecified' as const, acceptRules: true, householdId: op.mode === 'counter' ? household : undefined };
      const made = await createBooking(db, actor, space.spaceId, input, op.mode);
      known.push({ id: made.bookingId, start: op.slot.start, end: op.slot.start + op.slot.minutes, live: true });
      if (made.status !== 'confirmed') got = `status ${made.status}`;
    } catch (e) {
      got = codeOf(e);
    }
    out.push({ household: h, op, expected, got, slot: op.slot });
    return;
  }
  // Cancel or move one of the bookings this household has had (still held or not); none yet: nothing to do.
  if (known.length === 0) return;
  const target = known[op.pick % known.length];
  if (op.kind === 'cancel') {
    expected = target.live ? 'ok' : 'spaces.error.notActive';
    try {
      await cancelBooking(db, actor, target.id, op.mode);
      target.live = false;
    } catch (e) {
      got = codeOf(e);
    }
    out.push({ household: h, op, expected, got });
    return;
  }
  expected = target.live ? (ownRefusal(live().filter((b) => b !== target), op.slot) ?? 'ok|full') : 'spaces.error.notActive';
  try {
    const by = op.mode === 'self' ? ({ mode: 'self' } as const) : ({ mode: 'counter', spaceId: space.spaceId } as const);
    const moved = await moveBooking(db, actor, target.id, { date: day, start: hhmm(op.slot.start), minutes: op.slot.minutes, acceptRules: true }, new Date(), by);
    target.live = false;
    known.push({ id: moved.bookingId, start: op.slot.start, end: op.slot.start + op.slot.minutes, live: true });
    if (moved.status !== 'confirmed') got = `status ${moved.status}`;
  } catch (e) {
    got = codeOf(e);
  }
  out.push({ household: h, op, expected, got, slot: op.slot });
}

type Row = { id: string; household_id: string; unit: number; start: number; end: number; status: string };

/** The run's rows, in minutes since midnight (Paris) of the day: every booking this run wrote, whatever became of it. */
async function rowsSince(since: Date): Promise<Row[]> {
  const midnight = parisInstant(day, 0).getTime();
  const { rows } = await database.owner.query(
    'select id, household_id, unit, lower(during) as s, upper(during) as e, status from space_bookings where space_id = $1 and created_at >= $2',
    [space.spaceId, since],
  );
  return rows.map((r) => ({ id: r.id, household_id: r.household_id, unit: r.unit, start: (r.s.getTime() - midnight) / 60_000, end: (r.e.getTime() - midnight) / 60_000, status: r.status }));
}

/** Everything the run must leave true in PostgreSQL; the problems found, empty when all holds. */
async function problemsAfter(since: Date, models: Held[][], out: Outcome[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of out) {
    const fine = o.expected === 'ok|full' ? o.got === 'ok' || o.got === 'spaces.error.full' : o.got === o.expected;
    if (!fine) problems.push(`household ${o.household} ${JSON.stringify(o.op)}: expected ${o.expected}, got ${o.got}`);
  }
  const rows = await rowsSince(since);
  const live = rows.filter((r) => r.status === 'pending' || r.status === 'confirmed');
  // Capacity: no seat held twice, no seat outside the resource, never more bookings at once than seats.
  for (const a of live) {
    if (a.unit < 1 || a.unit > SEATS) problems.push(`booking ${a.id} on seat ${a.unit}`);
    for (const b of live) if (a.id < b.id && a.unit === b.unit && overlaps(a, b)) problems.push(`seat ${a.unit} held twice: ${a.id}, ${b.id}`);
  }
  for (let m = 540; m < 720; m += 60) {
    const n = live.filter((r) => r.start <= m && m < r.end).length;
    if (n > SEATS) problems.push(`${n} bookings at ${hhmm(m)} for ${SEATS} seats`);
  }
  // Each household's bookings are exactly its model's; every row written was acknowledged.
  models.forEach((known, h) => {
    const inDb = live.filter((r) => r.household_id === space.households[h]).map((r) => `${r.id} ${r.start}-${r.end}`).sort();
    const inModel = known.filter((b) => b.live).map((b) => `${b.id} ${b.start}-${b.end}`).sort();
    if (JSON.stringify(inDb) !== JSON.stringify(inModel)) problems.push(`household ${h}: database ${JSON.stringify(inDb)}, model ${JSON.stringify(inModel)}`);
  });
  const acknowledged = new Set(models.flat().map((b) => b.id));
  for (const r of rows) if (!acknowledged.has(r.id)) problems.push(`booking ${r.id} written but never acknowledged (${r.status})`);
  // A refusal wrote no audit event either: one per acknowledged booking, cancellation and move.
  const done = (kind: Op['kind']) => out.filter((o) => o.op.kind === kind && o.got === 'ok').length;
  const { rows: audits } = await database.owner.query("select action, count(*)::int as n from audit_events where at >= $1 and details->>'spaceId' = $2 group by action", [since, space.spaceId]);
  const audited = Object.fromEntries(audits.map((a) => [a.action, a.n]));
  const wanted = { 'spaces.booking.create': done('book'), 'spaces.booking.cancel': done('cancel'), 'spaces.booking.move': done('move') };
  for (const [action, n] of Object.entries(wanted)) if ((audited[action] ?? 0) !== n) problems.push(`${audited[action] ?? 0} audit events ${action} for ${n} acknowledged`);
  // "Full" only when every seat was taken over the slot by some booking of the run (a necessary condition).
  for (const o of out.filter((x) => x.got === 'spaces.error.full' && x.slot)) {
    const slot = o.slot as Slot;
    const wantedRange = { start: slot.start, end: slot.start + slot.minutes };
    const seats = new Set(rows.filter((r) => overlaps(r, wantedRange)).map((r) => r.unit));
    if (seats.size < SEATS) problems.push(`household ${o.household} refused as full at ${hhmm(slot.start)} (${slot.minutes} min) with only ${seats.size} seat(s) ever taken`);
  }
  for (const o of out) totals[o.got] = (totals[o.got] ?? 0) + 1;
  return problems;
}

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  space = await demoSpace(database, 'Coworking solidaire de Sotteville');
  space = { ...space, households: space.households.slice(0, HOUSEHOLDS) };
  // A small space: two seats, no buffer, no approval, a weekly quota of two bookings per household.
  await relaxRules(database, space.spaceId, { weekly_quota_bookings: QUOTA, buffer_minutes: 0, approval_required: false, no_show_limit: null });
  await database.owner.query('update space_resources set units = $2 where id = $1', [space.resourceId, SEATS]);
  staff = staffActor(space.orgId, await userId(database, 'facilitator-sotteville@demo.palier.fr'));
  // Each household signs in as itself: a resident account of its own.
  residents = [];
  for (const [i, household] of space.households.entries()) {
    const email = `model-household-${i}@test.palier.fr`;
    const { rows } = await database.owner.query('insert into users (email, display_name) values ($1, $2) returning id', [email, `Foyer ${i}`]);
    await database.owner.query("insert into memberships (organisation_id, user_id, role, household_id) values ($1, $2, 'resident', $3)", [space.orgId, rows[0].id, household]);
    residents.push(residentActor(space.orgId, rows[0].id, household));
  }
  expect(space.households).toHaveLength(HOUSEHOLDS);
}, 60_000);

describe('booking, cancelling and moving at the same time (model-based, fast-check scheduler)', () => {
  it('never over capacity, never a seat twice, each household as its model, refusals leave nothing', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), sessionsArb, async (s, sessions) => {
        runs++;
        const since = (await database.owner.query('select clock_timestamp() as t')).rows[0].t as Date;
        const models: Held[][] = sessions.map(() => []);
        const out: Outcome[] = [];
        const households = sessions.map(async (ops, h) => {
          const db = database.db.withPlugin(new Interleave(s, `household ${h}`));
          for (const op of ops) {
            await s.schedule(Promise.resolve(), `household ${h} starts ${op.kind}`);
            await step(db, h, op, models[h], out);
          }
        });
        await s.waitFor(Promise.all(households));
        const problems = await problemsAfter(since, models, out);
        // The next run starts from an empty morning.
        await database.owner.query("update space_bookings set status = 'cancelled', cancelled_at = now() where space_id = $1 and status in ('pending', 'confirmed')", [space.spaceId]);
        expect(problems).toEqual([]);
      }),
      // Bounded: the file stays under 90 s on a loaded two-core machine (fewer runs rather than a slow suite).
      { numRuns: 40, interruptAfterTimeLimit: 55_000 },
    );
    const steps = Object.values(totals).reduce((a, b) => a + b, 0);
    process.stdout.write(`reliability/booking-model: ${runs} runs, ${steps} steps in ${Math.round((Date.now() - started) / 1000)} s — ${Object.entries(totals).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    expect(runs).toBeGreaterThanOrEqual(5);
    expect(totals.ok ?? 0).toBeGreaterThan(0);
    expect(totals['spaces.error.full'] ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
