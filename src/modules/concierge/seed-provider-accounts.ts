import type { Db } from '../../platform/db/database.js';
import { withTenant } from '../../platform/db/tenant.js';

/** The demo's provider accounts: each signs in under its own organisation and sees only its work. */
export const PROVIDER_ACCOUNTS = [
  { provider: 'Pressing Solidaire Rémois', slug: 'pressing-solidaire-remois', email: 'prestataire@demo.palier.fr', name: 'Lucie Vasseur' },
  { provider: 'Régie de quartier de Reims', slug: 'regie-quartier-reims', email: 'prestataire-regie@demo.palier.fr', name: 'Yacine Belkacem' },
];

/**
 * Creates the provider organisations and their staff (same demo password as the other accounts,
 * copied from the association's demo account) and links them to the desk's provider rows.
 */
export async function seedProviderAccounts(db: Db, assoc: string, deskId: string, passwordHash: string | null): Promise<void> {
  for (const a of PROVIDER_ACCOUNTS) {
    const org = await db.insertInto('organisations').values({ slug: a.slug, kind: 'provider', name: a.provider }).returning('id').executeTakeFirstOrThrow();
    const user = await db.insertInto('users').values({ email: a.email, display_name: a.name, password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
    await withTenant(db, { orgId: org.id as string }, (tx) => tx.insertInto('memberships').values({ organisation_id: org.id, user_id: user.id, role: 'partner_staff' }).execute());
    await withTenant(db, { orgId: assoc }, (tx) => tx.updateTable('concierge_providers').set({ account_org_id: org.id }).where('desk_id', '=', deskId).where('name', '=', a.provider).execute());
  }
}
