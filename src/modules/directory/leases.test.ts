import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { recordSublease, transferLease } from './commands/leases.js';
import { householdTenancy } from './queries/household-tenancy.js';
import { actorOf, orgIdOf } from './test-support/actors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let admin: Actor;
let logirem: string;
let elia: string;
let other: string;
/** This file's own dwellings (in Air Bel) and households, so no demo row is relied on. */
const dw: string[] = [];
const hh: string[] = [];

const owner = (q: string, p: unknown[] = []) => t.database.owner.query(q, p);
const asLogirem = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.database.db, { orgId: logirem }, fn);
const stays = async (householdId: string) =>
  (await owner('select dwelling_id, starts_on::text, ends_on::text, lease_holder_org_id, follows_occupancy_id is not null as follows from occupancies where household_id = $1 order by starts_on', [householdId])).rows;

beforeAll(async () => {
  t = await testApp();
  admin = await actorOf(t.database, 'admin@logirem.demo.palier.fr');
  logirem = await orgIdOf(t.database, 'logirem');
  elia = await orgIdOf(t.database, 'elia');
  other = await orgIdOf(t.database, 'plurial-novilia');
  const residence = (await owner("select id from residences where organisation_id = $1 and reference = 'LM-AIRBEL'", [logirem])).rows[0].id;
  for (let i = 0; i < 4; i++) {
    dw.push((await owner('insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 45000) returning id', [logirem, residence, `LM-LEASE-T-${i}`])).rows[0].id);
    hh.push((await owner("insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id", [logirem, `LM-LEASE-H-${i}`, `Foyer Bail ${i}`])).rows[0].id);
    // Households 0–2 live in dwellings 0–2 under their own lease since 2025; dwelling 3 is vacant, household 3 has none.
    if (i < 3) await owner("insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')", [logirem, hh[i], dw[i]]);
  }
});

describe('the lease holder in the tenancy register', () => {
  it('a sublease held by a partner association, then the lease passes to the household: sublease ended the day before, direct lease from the day, audited', async () => {
    const sublet = await asLogirem((tx) => recordSublease(tx, admin, { householdId: hh[0], dwellingId: dw[0], partnerOrgId: elia, startsOn: '2025-01-01' }));
    expect(sublet.ok).toBe(true);
    expect((await asLogirem((tx) => householdTenancy(tx, hh[0])))?.leaseHolder).toEqual({ orgId: elia, name: 'Elia' });
    const moved = await asLogirem((tx) => transferLease(tx, admin, { householdId: hh[0], on: '2025-09-01', dwellingId: dw[0] }));
    expect(moved).toMatchObject({ ok: true, dwellingId: dw[0] });
    expect(await stays(hh[0])).toEqual([
      { dwelling_id: dw[0], starts_on: '2025-01-01', ends_on: '2025-08-31', lease_holder_org_id: elia, follows: false },
      { dwelling_id: dw[0], starts_on: '2025-09-01', ends_on: null, lease_holder_org_id: null, follows: true },
    ]);
    expect((await asLogirem((tx) => householdTenancy(tx, hh[0])))?.leaseHolder).toBeNull();
    const trail = (await owner("select action, details from audit_events where target_id = $1 and action like 'directory.lease.%' order by id", [hh[0]])).rows;
    expect(trail.map((e) => e.action)).toEqual(['directory.lease.sublet', 'directory.lease.transfer']);
    expect(trail[1].details).toMatchObject({ dwelling: dw[0], from: elia, on: '2025-09-01' });
    // Once passed, the same lease is not sublet again nor transferred twice.
    expect(await asLogirem((tx) => recordSublease(tx, admin, { householdId: hh[0], dwellingId: dw[0], partnerOrgId: elia, startsOn: '2025-10-01' }))).toEqual({ ok: false, field: 'dwellingId', error: 'directory.lease.alreadyTransferred' });
    expect(await asLogirem((tx) => transferLease(tx, admin, { householdId: hh[0], on: '2025-10-01' }))).toEqual({ ok: false, field: 'householdId', error: 'directory.lease.noSublease' });
  });

  it('moving into a sublet dwelling ends the former occupancy the day before; refusals write nothing', async () => {
    const before = await stays(hh[1]);
    const refusals = [
      [{ householdId: hh[1], dwellingId: dw[3], partnerOrgId: other, startsOn: '2026-03-01' }, 'partnerOrgId', 'directory.lease.notPartner'],
      [{ householdId: hh[1], dwellingId: dw[2], partnerOrgId: elia, startsOn: '2026-03-01' }, 'dwellingId', 'directory.lease.dwellingOccupied'],
      [{ householdId: hh[1], dwellingId: dw[3], partnerOrgId: elia, startsOn: '2024-12-01' }, 'startsOn', 'directory.lease.startsTooEarly'],
      [{ householdId: hh[1], dwellingId: dw[3], partnerOrgId: elia, startsOn: '2026-02-30' }, 'startsOn', 'directory.lease.badDate'],
    ] as const;
    for (const [input, field, error] of refusals) expect(await asLogirem((tx) => recordSublease(tx, admin, input))).toEqual({ ok: false, field, error });
    expect(await stays(hh[1])).toEqual(before);
    expect(await asLogirem((tx) => transferLease(tx, admin, { householdId: hh[1], on: '2026-03-01' }))).toEqual({ ok: false, field: 'householdId', error: 'directory.lease.noSublease' });
    expect((await asLogirem((tx) => recordSublease(tx, admin, { householdId: hh[1], dwellingId: dw[3], partnerOrgId: elia, startsOn: '2026-03-01' }))).ok).toBe(true);
    expect(await stays(hh[1])).toEqual([
      { dwelling_id: dw[1], starts_on: '2025-01-01', ends_on: '2026-02-28', lease_holder_org_id: null, follows: false },
      { dwelling_id: dw[3], starts_on: '2026-03-01', ends_on: null, lease_holder_org_id: elia, follows: false },
    ]);
    // Not on the day the sublease began, nor for another dwelling than its own.
    expect(await asLogirem((tx) => transferLease(tx, admin, { householdId: hh[1], on: '2026-03-01' }))).toEqual({ ok: false, field: 'on', error: 'directory.lease.transferTooEarly' });
    expect(await asLogirem((tx) => transferLease(tx, admin, { householdId: hh[1], on: '2026-06-01', dwellingId: dw[1] }))).toEqual({ ok: false, field: 'dwellingId', error: 'directory.lease.otherDwelling' });
  });

  it('another organisation sees nothing of the register and changes nothing', async () => {
    await asLogirem((tx) => recordSublease(tx, admin, { householdId: hh[2], dwellingId: dw[2], partnerOrgId: elia, startsOn: '2025-01-01' }));
    const before = await stays(hh[2]);
    const visible = await withTenant(t.database.db, { orgId: other }, (tx) => tx.selectFrom('occupancies').select('id').where('household_id', '=', hh[2]).execute());
    expect(visible).toEqual([]);
    expect(await withTenant(t.database.db, { orgId: other }, (tx) => transferLease(tx, null, { householdId: hh[2], on: '2026-01-01' }))).toEqual({ ok: false, field: 'householdId', error: 'directory.lease.noSublease' });
    expect(await withTenant(t.database.db, { orgId: other }, (tx) => recordSublease(tx, null, { householdId: hh[2], dwellingId: dw[2], partnerOrgId: elia, startsOn: '2026-01-01' }))).toMatchObject({ ok: false, field: 'householdId' });
    expect(await stays(hh[2])).toEqual(before);
  });

  it('two transfers at once: one passes the lease, the other finds no sublease left', async () => {
    const both = await Promise.all([0, 1].map(() => asLogirem((tx) => transferLease(tx, admin, { householdId: hh[2], on: '2026-01-01' }))));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, field: 'householdId', error: 'directory.lease.noSublease' }]);
    const rows = await stays(hh[2]);
    expect(rows.filter((r) => r.ends_on === null)).toEqual([{ dwelling_id: dw[2], starts_on: '2026-01-01', ends_on: null, lease_holder_org_id: null, follows: true }]);
    expect(Number((await owner('select count(*) from occupancies where household_id = $1', [hh[2]])).rows[0].count)).toBe(2);
  });

  it('the household page tells staff who holds the lease, now and before', async () => {
    const b = t.client();
    expect((await b.signIn('admin@logirem.demo.palier.fr')).status).toBe(303);
    const sublet = await (await b.get(`/admin/households/${hh[1]}`)).text();
    expect(sublet).toContain('tenu par Elia, qui sous-loue au ménage (bail glissant)');
    const passed = await (await b.get(`/admin/households/${hh[0]}`)).text();
    expect(passed).toContain('au nom du ménage');
    expect(passed).toMatch(/Du .*2025.* au .*2025.*\(tenu par Elia, qui sous-loue au ménage/);
    await owner("update users set locale = 'en' where email = 'admin@logirem.demo.palier.fr'");
    const en = t.client();
    await en.signIn('admin@logirem.demo.palier.fr');
    expect(await (await en.get(`/admin/households/${hh[1]}`)).text()).toContain('held by Elia, which sublets to the household (sliding lease)');
    await owner("update users set locale = 'fr' where email = 'admin@logirem.demo.palier.fr'");
  });
});
