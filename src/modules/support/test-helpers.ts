import type { Actor } from '../../platform/access/actor.js';
import { loadActor } from '../../platform/access/load-actor.js';
import type { Database, Db } from '../../platform/db/database.js';
import type { Services } from '../../platform/http/env.js';
import type { CaughtMail } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { advanceStage } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';

/** The Actor of a demo account, as a signed-in session in its first organisation would build it. */
export async function actorFor(db: Db, email: string): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'display_name', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
  return loadActor(db, user as { id: string; display_name: string; locale: string }, { current_org_id: null, acting_for_user_id: null });
}

export const LOGIREM = {
  adviserA: 'conseillere@logirem.demo.palier.fr',
  adviserB: 'conseiller@logirem.demo.palier.fr',
  manager: 'programmes@logirem.demo.palier.fr',
  member1: 'commission1@logirem.demo.palier.fr',
  member2: 'commission2@logirem.demo.palier.fr',
  member3: 'commission3@logirem.demo.palier.fr',
  concierge: 'gardien@logirem.demo.palier.fr',
  admin: 'admin@logirem.demo.palier.fr',
  eliaReferent: 'referente@elia.demo.palier.fr',
};

/** Another landlord made for a test: the organisation, its programme manager (returned as an Actor) and a partnership with `partnerId`. */
export async function landlordWithManager(database: Database, slug: string, email: string, partnerId: string): Promise<Actor> {
  const o = database.owner;
  const org = (await o.query(`insert into organisations (kind, name, slug) values ('landlord', $1, $2) returning id`, [slug, slug])).rows[0].id;
  const user = (await o.query(`insert into users (email, display_name) values ($1, $2) returning id`, [email, `Chargée de programmes ${slug}`])).rows[0].id;
  await o.query(`insert into memberships (organisation_id, user_id, role) values ($1, $2, 'programme_manager')`, [org, user]);
  await o.query(`insert into partnerships (organisation_id, partner_id) values ($1, $2)`, [org, partnerId]);
  return actorFor(database.db, email);
}

/** The mails the SMTP test server caught for `email`, once every queued notification has been delivered. */
export async function mailsDeliveredTo(services: Services, mails: CaughtMail[], email: string): Promise<CaughtMail[]> {
  const owner = services.database.owner;
  for (let i = 0; i < 50 && (await owner.query("select 1 from notifications where status = 'queued'")).rows.length; i++) {
    await deliverPendingNotifications(services);
    await new Promise((r) => setTimeout(r, 20));
  }
  return mails.filter((m) => m.to.includes(email));
}

/** Opens a sliding-lease case for a household (sublet by Elia once it opens); its id. */
export async function openSlidingLease(db: Db, adviser: Actor, programmeId: string, householdId: string): Promise<string> {
  const r = await openCase(db, adviser, { programmeId, householdId, situation: 'Famille accompagnée par Elia', confidentialAddress: false });
  if (!r.ok) throw new Error(`open: ${JSON.stringify(r)}`);
  return r.caseId;
}

/** Takes a sliding-lease case through its 3- and 6-month reviews to the decision to slide. */
export async function toSlideDecision(db: Db, adviser: Actor, caseId: string): Promise<void> {
  for (const ev of ['review_3m', 'review_6m', 'decide']) {
    const r = await advanceStage(db, adviser, caseId, ev);
    if (!r.ok) throw new Error(`${ev}: ${JSON.stringify(r)}`);
  }
}
