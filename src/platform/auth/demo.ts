import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** The demo phone of the demo resident: with SMS on at Plurial Novilia, "receive a code by SMS" can be tried (the SMS lands in the log). */
export const DEMO_RESIDENT_PHONE = '0600000001';

/** Accounts' part of the demo story: Plurial Novilia offers SMS sign-in, and its demo resident has a phone. */
export async function seedAccountsDemo(database: Database): Promise<void> {
  const { db } = database;
  await db
    .updateTable('organisations')
    .set({ settings: sql`settings || '{"sms": {"sender": "Palier"}}'::jsonb` })
    .where('slug', '=', 'plurial-novilia')
    .execute();
  await db.updateTable('users').set({ phone: DEMO_RESIDENT_PHONE }).where(sql`lower(email)`, '=', 'resident@demo.palier.fr').where('phone', 'is', null).execute();
}
