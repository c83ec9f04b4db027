import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/db.js';
import { SpacesError } from '../errors.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, staffActor, userId, workingDayAhead } from '../testing.js';
import { createBooking } from './create-booking.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let staffUser: string;

beforeAll(async () => {
  grantSpacesPermissions();
  database = await testDatabase();
  staffUser = await userId(database, 'facilitator-sotteville@demo.palier.fr');
});

/** Fires `n` bookings of one slot at once and sorts the answers. */
async function storm(space: DemoSpace, date: string, start: string, n: number): Promise<{ ok: number; conflicts: number; other: unknown[] }> {
  const staff = staffActor(space.orgId, staffUser);
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => createBooking(database.db, staff, space.spaceId, { resourceId: space.resourceId, date, start, minutes: 60, purpose: 'telework', householdId: space.households[i % space.households.length] }, 'counter')),
  );
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  const conflicts = rejected.filter((e) => e instanceof SpacesError && e.status === 409).length;
  return { ok, conflicts, other: rejected.filter((e) => !(e instanceof SpacesError && e.status === 409)) };
}

async function overlaps(spaceId: string): Promise<number> {
  const r = await database.owner.query(
    `select count(*)::int as n from space_bookings a join space_bookings b on a.resource_id = b.resource_id and a.unit = b.unit and a.id < b.id and a.held && b.held
     where a.space_id = $1 and a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed')`,
    [spaceId],
  );
  return r.rows[0].n;
}

describe('under concurrency, on real PostgreSQL', () => {
  it('200 simultaneous requests for the last coworking desk: exactly one wins, the rest are conflicts, 5 rounds', async () => {
    const cowork = await demoSpace(database, 'Coworking solidaire de Sotteville');
    await relaxRules(database, cowork.spaceId);
    const date = workingDayAhead(60);
    const starts = ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00', '17:00'];
    for (let round = 0; round < 5; round++) {
      const start = starts[round];
      const day = date;
      // Five desks taken beforehand by five households: one is left.
      const staff = staffActor(cowork.orgId, staffUser);
      for (let i = 0; i < 5; i++) await createBooking(database.db, staff, cowork.spaceId, { resourceId: cowork.resourceId, date: day, start, minutes: 60, purpose: 'unspecified', householdId: cowork.households[i] }, 'counter');
      const r = await storm({ ...cowork, households: cowork.households.slice(5) }, day, start, 200);
      expect(r).toEqual({ ok: 1, conflicts: 199, other: [] });
    }
    const perSlot = await database.owner.query("select max(n)::int as n from (select count(*) as n from space_bookings where space_id = $1 and status = 'confirmed' group by during) x", [cowork.spaceId]);
    expect(perSlot.rows[0].n).toBe(6);
    expect(await overlaps(cowork.spaceId)).toBe(0);
  }, 400_000);

  it('200 simultaneous requests for a whole room: exactly one wins, 3 rounds', async () => {
    const room = await demoSpace(database, 'Salle commune de la résidence Gregory');
    await relaxRules(database, room.spaceId);
    const date = workingDayAhead(60);
    for (const start of ['10:00', '11:00', '12:00']) {
      expect(await storm(room, date, start, 200)).toEqual({ ok: 1, conflicts: 199, other: [] });
    }
    expect(await overlaps(room.spaceId)).toBe(0);
  }, 400_000);
});
