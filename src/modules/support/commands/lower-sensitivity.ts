import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { Abort, fail } from './result.js';
import { offersTeam } from './team.js';

/**
 * A change of a programme's sensitivity, inside `updateProgramme`'s transaction. Lowering a sensitive or highly
 * sensitive programme to *normal* is a deliberate act: an ordinary programme has no named team (its cases are seen
 * by their assigned advisers and its manager only), so a team left in place would keep seeing every case of a
 * programme where nobody can be added or asked why. While the programme has a team the change is refused (422 at
 * `confirmLowering`) unless confirmed; confirmed, the team is removed here and each removal audited. Every change
 * of sensitivity is audited (`support.programme.sensitivity`): who may see the cases, and with which second factor
 * and token scopes, follows it.
 */
export async function applySensitivityChange(tx: Tx, actor: Actor, programmeId: string, from: string, to: string, confirmLowering: boolean): Promise<void> {
  if (from === to) return;
  const lowered = offersTeam(from) && !offersTeam(to);
  const team = lowered ? await tx.selectFrom('support_programme_team').select('user_id').where('programme_id', '=', programmeId).execute() : [];
  if (team.length > 0 && !confirmLowering) throw new Abort(fail(422, { confirmLowering: 'support.lower.confirmNeeded' }));
  if (team.length > 0) await tx.deleteFrom('support_programme_team').where('programme_id', '=', programmeId).execute();
  for (const m of team) {
    await audit(tx, { action: 'support.team.remove', actor, targetType: 'support_programme', targetId: programmeId, details: { user: m.user_id as string, why: 'lowered' } });
  }
  await audit(tx, { action: 'support.programme.sensitivity', actor, targetType: 'support_programme', targetId: programmeId, details: { from, to, teamRemoved: team.length } });
}
