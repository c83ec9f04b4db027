import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Sets a new password and ends every session of the person: whoever held a session or a link
 * issued before the change loses it (links die because `password_changed_at` moves).
 * The hash is computed before the transaction (≈50 ms) so no lock is held meanwhile.
 */
export async function storeNewPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: sql`now()` }).where('id', '=', userId).execute();
  await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
