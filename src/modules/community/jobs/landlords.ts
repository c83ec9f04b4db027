import type { Db } from '../../../platform/db/database.js';

/** Every landlord's id: jobs walk them one tenant transaction at a time (organisations are shared). */
export async function landlords(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('id').where('kind', '=', 'landlord').orderBy('id').execute();
  return rows.map((r) => r.id as string);
}

/**
 * Every organisation whose events have registrations to remind: the landlords, and the networks, whose
 * club meetings are their own tenant rows (docs/decisions/network-meetings.md).
 */
export async function eventOrganisers(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('id').where('kind', 'in', ['landlord', 'network']).orderBy('id').execute();
  return rows.map((r) => r.id as string);
}
