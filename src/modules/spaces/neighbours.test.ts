import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Actor } from '../../platform/access/actor.js';
import { grant } from '../../platform/access/authorize.js';
import { withTenant } from '../../platform/db/tenant.js';
import { acceptInvitation, attachResidence, inviteLandlord } from '../directory/commands/neighbourhoods.js';
import { directoryModule } from '../directory/module.js';
import { householdInNeighbourhood } from '../directory/index.js';
import { listNeighbourhoods } from '../directory/queries/neighbourhoods.js';
import { findSpace } from './db/spaces-db.js';
import { SpacesError } from './errors.js';
import { cancelNeighbourBooking, createNeighbourBooking, myNeighbourBookings, neighbourSpacesFor } from './commands/neighbour-booking.js';
import { createBooking } from './commands/create-booking.js';
import { setOpenToNeighbours } from './commands/open-to-neighbours.js';
import { spaceBoard } from './queries/space-board.js';
import { type DemoSpace, demoSpace, grantSpacesPermissions, relaxRules, residentActor, userId, workingDayAhead } from './testing.js';

// Two landlords of one neighbourhood (Plurial Novilia's Réma'Vert, joined by Clésence with a residence
// in Reims) and a third landlord outside it; every visibility claim is checked by querying as each organisation.
let d: Awaited<ReturnType<typeof testDatabase>>;
let bikes: DemoSpace;
const org: Record<string, string> = {};
let neighbourhoodId = '';
let neighbour = ''; // a Clésence household living in Reims (in the neighbourhood)
let far = ''; // a Clésence household in Amiens (not in it)
let outsider = ''; // a LogiRep household
let user = '';
const D = workingDayAhead(30);

const manager = (orgId: string): Actor => ({ kind: 'user', userId: user, displayName: 'Manager', locale: 'fr', orgId, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });
const resident = (orgId: string, householdId: string) => residentActor(orgId, user, householdId);
const ask = (start: string, extra: Record<string, unknown> = {}) => ({ resourceId: bikes.resourceId, date: D, start, minutes: 60, purpose: 'leisure' as const, ...extra });

async function refusal(p: Promise<unknown>): Promise<SpacesError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SpacesError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  grantSpacesPermissions();
  for (const [p, roles] of Object.entries(directoryModule.permissions)) grant(p, roles);
  d = await testDatabase();
  for (const r of (await d.owner.query('select id, slug from organisations')).rows) org[r.slug] = r.id;
  bikes = await demoSpace(d, 'Vélos électriques de Réma’Vert');
  await relaxRules(d, bikes.spaceId, { approval_required: false });
  user = await userId(d, 'resident@demo.palier.fr');
  const q = (text: string, args: unknown[]) => d.owner.query(text, args);
  const res = (await q("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'CL-REIMS-CROIX', 'Résidence Croix-Rouge', 'Avenue Bonaparte', '51100', 'Reims') returning id", [org.clesence])).rows[0].id;
  const dw = (await q("insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, 'CL-REIMS-CROIX-001', 3, 1, 40000) returning id", [org.clesence, res])).rows[0].id;
  neighbour = (await q("insert into households (organisation_id, reference, name) values ($1, 'CL-REIMS-F1', 'Foyer Voisin') returning id", [org.clesence])).rows[0].id;
  await q("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2020-01-01')", [org.clesence, neighbour, dw]);
  far = (await demoSpace(d, 'Salle commune de la résidence Gregory')).households[0];
  outsider = (await demoSpace(d, 'Coworking solidaire de Sotteville')).households[0];
  // Plurial Novilia's demo neighbourhood; it invites Clésence, which accepts and attaches its Reims residence.
  neighbourhoodId = (await listNeighbourhoods(d.db, manager(org['plurial-novilia'])))[0].id;
  expect(await inviteLandlord(d.db, manager(org['plurial-novilia']), neighbourhoodId, org.clesence)).toMatchObject({ ok: true });
  const invited = await listNeighbourhoods(d.db, manager(org.clesence));
  expect(invited).toMatchObject([{ id: neighbourhoodId, joined: false, residences: [] }]);
  await acceptInvitation(d.db, manager(org.clesence), neighbourhoodId);
  expect(await attachResidence(d.db, manager(org.clesence), neighbourhoodId, res)).toMatchObject({ ok: true });
});

describe('neighbourhoods across landlords (directory, real RLS)', () => {
  it('each member sees the other landlords’ residences by name and city only; a landlord outside sees nothing', async () => {
    const [seen] = await listNeighbourhoods(d.db, manager(org.clesence));
    expect(seen.residences.map((r) => `${r.name}|${r.city}|${r.own}`).sort()).toEqual(['Réma’Vert — Arc-en-Ciel|Reims|false', 'Résidence Croix-Rouge|Reims|true']);
    expect(await listNeighbourhoods(d.db, manager(org.logirep))).toEqual([]);
    await withTenant(d.db, { orgId: org.clesence }, async (tx) => {
      expect(await tx.selectFrom('residences').select('id').where('organisation_id', '=', org['plurial-novilia']).execute()).toEqual([]);
      expect(await tx.selectFrom('dwellings').select('id').where('residence_id', '=', bikes.residenceId).execute()).toEqual([]);
    });
    await withTenant(d.db, { orgId: org.logirep }, async (tx) => {
      for (const table of ['neighbourhoods', 'neighbourhood_landlords', 'neighbourhood_residences']) expect(await tx.selectFrom(table).selectAll().execute(), table).toEqual([]);
    });
  });

  it('a landlord attaches only its own residences: the database refuses another landlord’s', async () => {
    expect(await attachResidence(d.db, manager(org.clesence), neighbourhoodId, bikes.residenceId)).toMatchObject({ ok: false });
    await expect(
      withTenant(d.db, { orgId: org.clesence }, (tx) => tx.insertInto('neighbourhood_residences').values({ residence_id: bikes.residenceId, neighbourhood_id: neighbourhoodId, organisation_id: org.clesence, name: 'x', city: 'x' }).execute()),
    ).rejects.toThrow();
    await expect(
      withTenant(d.db, { orgId: org.logirep }, (tx) => tx.insertInto('neighbourhood_landlords').values({ neighbourhood_id: neighbourhoodId, organisation_id: org.logirep, joined_at: new Date() }).execute()),
    ).rejects.toThrow(/row-level security/);
  });

  it('knows which households live in the neighbourhood, in their own landlord’s context', async () => {
    await withTenant(d.db, { orgId: org.clesence }, async (tx) => {
      expect(await householdInNeighbourhood(tx, neighbour, neighbourhoodId)).toBe(true);
      expect(await householdInNeighbourhood(tx, far, neighbourhoodId)).toBe(false);
      // Another landlord's household is never "in" from this context.
      expect(await householdInNeighbourhood(tx, bikes.households[0], neighbourhoodId)).toBe(false);
    });
  });
});

describe('a space opened to the neighbourhood (spaces, real RLS)', () => {
  it('while closed to neighbours, the neighbour neither sees nor books it', async () => {
    expect(await neighbourSpacesFor(d.db, resident(org.clesence, neighbour))).toEqual([]);
    expect((await refusal(createNeighbourBooking(d.db, resident(org.clesence, neighbour), bikes.spaceId, ask('10:00')))).status).toBe(404);
  });

  it('opened, the neighbour sees it and books it; the slot is then taken for everyone (no double booking)', async () => {
    await setOpenToNeighbours(d.db, manager(org['plurial-novilia']), bikes.spaceId, true);
    const cards = await neighbourSpacesFor(d.db, resident(org.clesence, neighbour));
    expect(cards.map((c) => [c.name, c.landlordName, c.residenceName])).toContainEqual(['Vélos électriques de Réma’Vert', 'Plurial Novilia', 'Réma’Vert — Arc-en-Ciel']);
    const made = await createNeighbourBooking(d.db, resident(org.clesence, neighbour), bikes.spaceId, ask('10:00', { idempotencyKey: 'neighbour-key-1' }));
    expect(made).toMatchObject({ status: 'confirmed', replayed: false });
    expect(await createNeighbourBooking(d.db, resident(org.clesence, neighbour), bikes.spaceId, ask('10:00', { idempotencyKey: 'neighbour-key-1' }))).toMatchObject({ bookingId: made.bookingId, replayed: true });
    const taken = await refusal(createBooking(d.db, resident(org['plurial-novilia'], bikes.households[0]), bikes.spaceId, ask('10:00'), 'self'));
    expect([taken.status, taken.code]).toEqual([409, 'spaces.error.full']);
    const twice = await refusal(createNeighbourBooking(d.db, resident(org.clesence, neighbour), bikes.spaceId, ask('10:00')));
    expect(twice.status).toBe(409);
  });

  it('the same quotas apply to neighbours', async () => {
    await relaxRules(d, bikes.spaceId, { weekly_quota_bookings: 1 });
    const over = await refusal(createNeighbourBooking(d.db, resident(org.clesence, neighbour), bikes.spaceId, ask('15:00')));
    expect(over.status).toBe(422);
    await relaxRules(d, bikes.spaceId);
  });

  it('households outside the neighbourhood and other landlords’ residents get 404', async () => {
    expect((await refusal(createNeighbourBooking(d.db, resident(org.clesence, far), bikes.spaceId, ask('11:00')))).status).toBe(404);
    expect(await neighbourSpacesFor(d.db, resident(org.clesence, far))).toEqual([]);
    expect((await refusal(createNeighbourBooking(d.db, resident(org.logirep, outsider), bikes.spaceId, ask('11:00')))).status).toBe(404);
  });

  it('the owner sees the booking with the name and landlord only; the guest’s landlord reads only its own households’ bookings', async () => {
    const pn = org['plurial-novilia'];
    const board = await withTenant(d.db, { orgId: pn }, async (tx) => spaceBoard(tx, (await findSpace(tx, bikes.spaceId)) as NonNullable<Awaited<ReturnType<typeof findSpace>>>, D));
    expect(board.bookings.find((b) => b.householdId === neighbour)?.householdName).toBe('Foyer Voisin — Clésence');
    await withTenant(d.db, { orgId: pn }, async (tx) => {
      expect(await tx.selectFrom('households').select('id').where('id', '=', neighbour).execute()).toEqual([]);
      expect(await tx.selectFrom('occupancies').select('id').where('household_id', '=', neighbour).execute()).toEqual([]);
    });
    const clBookings = await withTenant(d.db, { orgId: org.clesence }, (tx) => tx.selectFrom('space_bookings').select(['household_id', 'organisation_id']).where('organisation_id', '=', pn).execute());
    expect(clBookings.length).toBeGreaterThan(0);
    expect(clBookings.every((b) => b.household_id === neighbour)).toBe(true);
    const all = await d.owner.query('select count(*)::int as n from space_bookings where space_id = $1', [bikes.spaceId]);
    expect(all.rows[0].n).toBeGreaterThan(clBookings.length);
    const logirep = await withTenant(d.db, { orgId: org.logirep }, (tx) => tx.selectFrom('space_bookings').select('id').where('organisation_id', '=', pn).execute());
    expect(logirep).toEqual([]);
    // The space itself stays the owner's: the neighbour's landlord reads no spaces row, only the function's card.
    expect(await withTenant(d.db, { orgId: org.clesence }, (tx) => tx.selectFrom('spaces').select('id').where('id', '=', bikes.spaceId).execute())).toEqual([]);
    const mine = await myNeighbourBookings(d.db, resident(org.clesence, neighbour));
    expect(mine.map((b) => [b.spaceName, b.landlordName, b.status])).toContainEqual(['Vélos électriques de Réma’Vert', 'Plurial Novilia', 'confirmed']);
  });

  it('the database refuses a guest row the checks would not allow, whichever context writes it', async () => {
    const pn = org['plurial-novilia'];
    const row = (guestOrg: string, household: string, orgId = pn) => ({
      organisation_id: orgId,
      space_id: bikes.spaceId,
      resource_id: bikes.resourceId,
      unit: 1,
      household_id: household,
      during: sql`tstzrange('2031-03-04 10:00+01', '2031-03-04 11:00+01')`,
      held: sql`tstzrange('2031-03-04 10:00+01', '2031-03-04 11:00+01')`,
      status: 'confirmed',
      guest_org_id: guestOrg,
      guest_name: 'x',
    });
    await expect(withTenant(d.db, { orgId: pn }, (tx) => tx.insertInto('space_bookings').values(row(org.clesence, far)).execute())).rejects.toThrow(/neighbour/);
    await expect(withTenant(d.db, { orgId: pn }, (tx) => tx.insertInto('space_bookings').values(row(org.logirep, outsider)).execute())).rejects.toThrow(/neighbour/);
    await expect(withTenant(d.db, { orgId: org.clesence }, (tx) => tx.insertInto('space_bookings').values(row(org.clesence, neighbour)).execute())).rejects.toThrow(/row-level security/);
  });

  it('closed again, the neighbour can no longer book; the booking made is kept and they may cancel it', async () => {
    await setOpenToNeighbours(d.db, manager(org['plurial-novilia']), bikes.spaceId, false);
    expect((await refusal(createNeighbourBooking(d.db, resident(org.clesence, neighbour), bikes.spaceId, ask('16:00')))).status).toBe(404);
    const [kept] = (await myNeighbourBookings(d.db, resident(org.clesence, neighbour))).filter((b) => b.status === 'confirmed');
    expect(kept.spaceName).toBeNull();
    // Another household of the same landlord cannot cancel it.
    expect((await refusal(cancelNeighbourBooking(d.db, resident(org.clesence, far), kept.id))).status).toBe(404);
    await cancelNeighbourBooking(d.db, resident(org.clesence, neighbour), kept.id);
    const after = await d.owner.query('select status from space_bookings where id = $1', [kept.id]);
    expect(after.rows[0].status).toBe('cancelled');
  });
});
