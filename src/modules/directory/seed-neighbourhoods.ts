import type { Database } from '../../platform/db/database.js';
import { withTenant } from '../../platform/db/tenant.js';

/**
 * The demo's neighbourhood: Réma'Vert (Reims), created by Plurial Novilia with its Arc-en-Ciel
 * residence. The demo has no second landlord in Reims, so no other landlord is in it (tests build their own).
 */
export async function seedNeighbourhoodsDemo(database: Database): Promise<void> {
  const { db } = database;
  const org = await db.selectFrom('organisations').select('id').where('slug', '=', 'plurial-novilia').executeTakeFirst();
  if (!org) return;
  await withTenant(db, { orgId: org.id as string }, async (tx) => {
    const residence = await tx.selectFrom('residences').select(['id', 'name', 'city']).where('reference', '=', 'PN-REMAVERT-ARC').executeTakeFirst();
    if (!residence) return;
    const n = await tx.insertInto('neighbourhoods').values({ organisation_id: org.id, name: 'Réma’Vert', city: 'Reims' }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('neighbourhood_landlords').values({ neighbourhood_id: n.id, organisation_id: org.id, joined_at: new Date() }).execute();
    await tx.insertInto('neighbourhood_residences').values({ residence_id: residence.id, neighbourhood_id: n.id, organisation_id: org.id, name: residence.name, city: residence.city }).execute();
  });
}
