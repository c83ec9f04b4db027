import { loadActor } from '../../../platform/access/load-actor.js';
import type { Database } from '../../../platform/db/database.js';
import { issueStatements } from '../commands/issue-statements.js';

/**
 * Issues a month's statements through the command, as the staff member with this e-mail. Tests use it
 * for the current month, which the page and the API refuse until it has ended: it bills a household
 * that subscribed today without waiting for the month's end.
 */
export async function issueMonth(database: Database, email: string, period: string): Promise<{ issued: number; payouts: number }> {
  const user = await database.db.selectFrom('users').select(['id', 'display_name', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
  const actor = await loadActor(database.db, user as { id: string; display_name: string; locale: string }, { current_org_id: null, acting_for_user_id: null });
  return issueStatements(database.db, actor, period);
}
