import type { Actor } from '../../platform/access/actor.js';
import { loadActor } from '../../platform/access/load-actor.js';
import type { Db } from '../../platform/db/database.js';

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
