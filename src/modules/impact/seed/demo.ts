import type { Database } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { DEMO_FAMILY_NAMES } from '../../../seed/demo-data.js';
import { CLUB_EXISTING, CLUB_NETWORK, CLUB_NEW, type ClubResidence } from './club-data.js';
import { seedNearbyServices } from './nearby-data.js';
import { seedPractices } from './practices-data.js';

/** One residence with its dwellings and households; every 4th dwelling also had a tenant who left in 2025. */
async function addResidence(tx: Tx, orgId: string, agencyId: string, r: ClubResidence): Promise<void> {
  const res = await tx
    .insertInto('residences')
    .values({
      organisation_id: orgId,
      agency_id: agencyId,
      reference: r.ref,
      name: r.name,
      kind: r.kind,
      address: r.address,
      postcode: r.postcode,
      city: r.city,
      latitude: r.lat,
      longitude: r.lon,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 1; i <= r.dwellings; i++) {
    const dw = await tx
      .insertInto('dwellings')
      .values({
        organisation_id: orgId,
        residence_id: res.id,
        reference: `${r.ref}-${String(i).padStart(3, '0')}`,
        rooms: 1 + (i % 3),
        floor: Math.floor(i / 6),
        rent_cents: 30_000 + i * 1_000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (i % r.vacantEvery === 0) continue;
    const family = DEMO_FAMILY_NAMES[i % DEMO_FAMILY_NAMES.length];
    if (i % 4 === 0) {
      const gone = await tx
        .insertInto('households')
        .values({
          organisation_id: orgId,
          reference: `${r.ref}-P${i}`,
          name: `Foyer ${family}`,
          members_count: 2,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('occupancies')
        .values({
          organisation_id: orgId,
          household_id: gone.id,
          dwelling_id: dw.id,
          starts_on: '2015-01-01',
          ends_on: '2025-05-31',
        })
        .execute();
    }
    const hh = await tx
      .insertInto('households')
      .values({
        organisation_id: orgId,
        reference: `${r.ref}-F${i}`,
        name: `Foyer ${family}`,
        members_count: 1 + (i % 3),
        channel: i % r.paperEvery === 0 ? 'paper' : 'email',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('occupancies')
      .values({
        organisation_id: orgId,
        household_id: hh.id,
        dwelling_id: dw.id,
        starts_on: i % 4 === 0 ? '2025-07-01' : `20${12 + (i % 10)}-03-01`,
      })
      .execute();
  }
}

/** The club's members, their residences and opt-ins; practice sheets; services around residences. */
export async function seedImpactDemo(database: Database): Promise<void> {
  const { db } = database;
  const network = await db.selectFrom('organisations').select('id').where('slug', '=', CLUB_NETWORK).executeTakeFirst();
  if (!network) return;
  const networkId = network.id as string;
  for (const m of CLUB_NEW) {
    const org = await db.insertInto('organisations').values({ slug: m.slug, kind: 'landlord', name: m.name }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('network_memberships').values({ network_id: networkId, member_id: org.id }).execute();
  }
  for (const m of [...CLUB_EXISTING, ...CLUB_NEW]) {
    const org = await db.selectFrom('organisations').select('id').where('slug', '=', m.slug).executeTakeFirstOrThrow();
    const orgId = org.id as string;
    await withTenant(db, { orgId }, async (tx) => {
      if (m.residences.length) {
        const agency = await tx.insertInto('agencies').values({ organisation_id: orgId, name: m.agency }).returning('id').executeTakeFirstOrThrow();
        for (const r of m.residences) await addResidence(tx, orgId, agency.id as string, r);
      }
      for (const key of m.shares)
        await tx
          .insertInto('impact_network_shares')
          .values({
            organisation_id: orgId,
            network_id: networkId,
            indicator_key: key,
          })
          .execute();
    });
  }
  await seedPractices(db, networkId);
  await seedNearbyServices(db);
}
