import type { Actor } from '../../../platform/access/actor.js';
import { loadActor } from '../../../platform/access/load-actor.js';
import type { Database } from '../../../platform/db/database.js';

/** The Actor of a demo account, built the way a request builds it. */
export async function actorOf(database: Database, email: string): Promise<Actor> {
  const user = await database.db.selectFrom('users').select(['id', 'display_name', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
  return loadActor(database.db, user as { id: string; display_name: string; locale: string }, { current_org_id: null, acting_for_user_id: null });
}

export async function orgIdOf(database: Database, slug: string): Promise<string> {
  const row = await database.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id as string;
}

/** Turns a string into the chunks a file stream would give, split at awkward places on purpose. */
export async function* chunks(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
