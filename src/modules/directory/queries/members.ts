import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { UUID } from '../views/ui.js';
import { likePattern } from './search.js';

export type MemberItem = { id: string; user_id: string; name: string; email: string | null; role: string; residence_ids: string[] | null };

/** The organisation's staff memberships (residents are households' business, not the team's). */
export async function listMembers(db: Db, actor: Actor, opts: { q?: string; limit: number; offset: number }): Promise<{ rows: MemberItem[]; total: number }> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    let q = tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').where('m.organisation_id', '=', actor.orgId).where('m.role', '<>', 'resident');
    if (opts.q) {
      const like = likePattern(opts.q);
      q = q.where((w) => w.or([w('u.display_name', 'ilike', like), w('u.email', 'ilike', like)]));
    }
    const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .select(['m.id', 'm.user_id', 'u.display_name as name', 'u.email', 'm.role', 'm.residence_ids'])
      .orderBy('u.display_name')
      .orderBy('m.role')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    return { rows: rows as MemberItem[], total };
  });
}

/** One staff membership of the actor's organisation, or null (another organisation's is invisible). */
export async function findMember(db: Db, actor: Actor, id: string): Promise<MemberItem | null> {
  if (!UUID.test(id)) return null;
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const row = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.user_id', 'u.display_name as name', 'u.email', 'm.role', 'm.residence_ids'])
      .where('m.id', '=', id)
      .where('m.organisation_id', '=', actor.orgId)
      .where('m.role', '<>', 'resident')
      .executeTakeFirst();
    return (row as MemberItem | undefined) ?? null;
  });
}

export async function residenceChoices(db: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
  return withTenant(db, { orgId: actor.orgId }, (tx) => tx.selectFrom('residences').select(['id', 'name']).orderBy('name').execute()) as Promise<{ id: string; name: string }[]>;
}
