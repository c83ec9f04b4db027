import type { Hono } from 'hono';
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { collectModuleData } from '../privacy/personal-data.js';
import { registerMyDataPage } from './my-data-page.js';

/**
 * "My data" (GDPR art. 15 and 20): what the platform holds about the signed-in person, as JSON.
 * Secrets (password hash, second-factor key, token hashes) are facts about the account, not data
 * to hand out: their presence is stated, their value never.
 */
export function registerMyDataRoute(app: Hono<AppEnv>): void {
  registerMyDataPage(app);
  route(app, 'GET', '/account/data.json', 'account.self', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { db } = c.get('services').database;
    const data = await collectAccountData(db, actor.userId);
    await audit(db, { action: 'privacy.my_data_downloaded', actor, targetType: 'user', targetId: actor.userId });
    c.header('content-disposition', 'attachment; filename="palier-mes-donnees.json"');
    c.header('cache-control', 'no-store');
    return c.json(data);
  });
}

/**
 * What Palier holds on a person: their account (secrets stated but never given), then each module's
 * records about them per organisation, as that person may read them (`collectModuleData`). With
 * `organisationId`, only that organisation (a data-protection officer answers for their organisation).
 */
export async function collectAccountData(db: Db, userId: string, opts: { organisationId?: string } = {}) {
  const { account, memberships, sessions, organisations } = await collectPersonData(db, userId, opts);
  return {
    generated_at: new Date().toISOString(),
    account,
    memberships,
    sessions,
    organisations: organisations.map((o) => ({
      organisation: o.organisation,
      withheld_household: o.withheld_household,
      sections: o.sections.map((s) => ({ module: s.module, id: s.id, rows: s.rows })),
    })),
  };
}

/** The same, with each section's title, labels and notes, for the readable page. */
export async function collectPersonData(db: Db, userId: string, opts: { organisationId?: string } = {}) {
  const account = await db
    .selectFrom('users')
    .select(['id', 'email', 'phone', 'display_name', 'locale', 'created_at', 'password_changed_at', 'totp_enabled', sql<boolean>`password_hash is not null`.as('has_password')])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const sessions = await db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'user_agent']).where('user_id', '=', userId).execute();
  const memberships = await db.transaction().execute(async (tx) => {
    await sql`select set_config('app.user_id', ${userId}, true)`.execute(tx);
    let q = tx
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['o.name as organisation', 'm.role', 'm.created_at'])
      .where('m.user_id', '=', userId);
    if (opts.organisationId) q = q.where('m.organisation_id', '=', opts.organisationId);
    return q.execute();
  });
  const organisations = await collectModuleData(db, userId, opts);
  return { account, memberships, sessions, organisations };
}
