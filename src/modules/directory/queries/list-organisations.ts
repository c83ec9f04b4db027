import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { likePattern } from './search.js';

export type Relation = 'self' | 'partner' | 'partnerOf' | 'network' | 'networkMember' | 'other';
export type OrganisationItem = { id: string; name: string; slug: string; kind: string; relation: Relation };

/**
 * The organisations the actor may know of: all of them for a platform administrator; otherwise
 * their own, its partners (both ways) and its network links.
 */
export async function listOrganisations(db: Db, actor: Actor, opts: { q?: string; limit: number; offset: number }): Promise<{ rows: OrganisationItem[]; total: number }> {
  const me = actor.orgId;
  if (!me) return { rows: [], total: 0 };
  return withTenant(db, { orgId: me }, async (tx) => {
    // RLS shows the partnerships where this organisation is either side.
    const partnerships = await tx.selectFrom('partnerships').select(['organisation_id', 'partner_id']).execute();
    const networks = await tx.selectFrom('network_memberships').select(['network_id', 'member_id']).where((w) => w.or([w('network_id', '=', me), w('member_id', '=', me)])).execute();
    const relation = new Map<string, Relation>([[me, 'self']]);
    for (const p of partnerships) {
      if (p.organisation_id === me) relation.set(p.partner_id as string, 'partner');
      else relation.set(p.organisation_id as string, 'partnerOf');
    }
    for (const n of networks) {
      if (n.network_id === me) relation.set(n.member_id as string, 'networkMember');
      else relation.set(n.network_id as string, 'network');
    }
    const everyone = actor.roles.includes('platform_admin');
    let q = tx.selectFrom('organisations');
    if (!everyone) q = q.where('id', 'in', [...relation.keys()]);
    if (opts.q) q = q.where((w) => w.or([w('name', 'ilike', likePattern(opts.q as string)), w('slug', 'ilike', likePattern(opts.q as string))]));
    const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .select(['id', 'name', 'slug', 'kind'])
      .orderBy(sql`id = ${me}`, 'desc')
      .orderBy('name')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return { rows: rows.map((r) => ({ ...(r as Omit<OrganisationItem, 'relation'>), relation: relation.get(r.id as string) ?? 'other' })), total };
  });
}
