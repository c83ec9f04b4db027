import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import { checkSecondFactor } from '../../../platform/auth/second-factor.js';
import { note, tooMany } from '../../../platform/auth/throttle.js';
import type { Db } from '../../../platform/db/database.js';
import { type StepUp, type StepUpTarget, stepUpDecision } from '../domain/step-up.js';
import { asActor, isUuid, type Result } from './result.js';

const MAX_TRIES = 5;
const WINDOW_MINUTES = 15;

/**
 * Whether this person, in this session, may open this case — or this commission session, whose
 * dossiers carry a household's facts — now (or must give a code, or enrol).
 */
export async function stepUpFor(db: Db, actor: Actor, sessionHash: string | null, target: StepUpTarget, production: boolean): Promise<StepUp> {
  if (actor.kind !== 'user' || !isUuid(target.id)) return 'ok';
  return asActor(db, actor, async (tx) => {
    // RLS: a case this person may not see is not found here, and the page itself answers 404
    // (a session of another organisation likewise).
    const table = ({ case: 'support_cases', session: 'support_sessions', decision: 'support_decisions' } as const)[target.kind];
    const row = await tx.selectFrom(`${table} as t`).innerJoin('support_programmes as p', 'p.id', 't.programme_id').select('p.sensitivity').where('t.id', '=', target.id).executeTakeFirst();
    if (!row) return 'ok';
    const user = await tx.selectFrom('users').select('totp_enabled').where('id', '=', actor.userId).executeTakeFirst();
    const stepped = sessionHash
      ? await tx
          .selectFrom('support_step_ups')
          .select(sql<number>`extract(epoch from now() - verified_at) / 60`.as('minutes'))
          .where('session_hash', '=', sessionHash)
          .executeTakeFirst()
      : undefined;
    return stepUpDecision({ sensitivity: row.sensitivity as string, totpEnabled: Boolean(user?.totp_enabled), steppedUp: Boolean(stepped), production, minutesSinceStepUp: stepped ? Number(stepped.minutes) : null });
  });
}

/**
 * Checks a code from the person's app (or one recovery code) and records the step-up for this
 * session. Five wrong codes in 15 minutes lock it for a while; every try is audited.
 */
export async function stepUp(db: Db, actor: Actor, sessionHash: string, code: string, target: StepUpTarget | null): Promise<Result> {
  const key = `support-step-up:${actor.userId}`;
  if (await tooMany(db, key, MAX_TRIES, WINDOW_MINUTES)) return { ok: false, status: 422, errors: { code: 'support.stepUp.tooMany' } };
  if (!/^[0-9A-Za-z -]{6,20}$/.test(code) || !(await checkSecondFactor(db, actor.userId, code))) {
    await note(db, key);
    await audit(db, { action: 'support.step_up_failed', actor });
    return { ok: false, status: 422, errors: { code: 'support.stepUp.wrong' } };
  }
  await asActor(db, actor, async (tx) => {
    await tx.insertInto('support_step_ups').values({ session_hash: sessionHash, user_id: actor.userId }).onConflict((oc) => oc.column('session_hash').doUpdateSet({ verified_at: new Date() })).execute();
    await audit(tx, { action: 'support.step_up', actor, targetType: target ? `support_${target.kind}` : undefined, targetId: target?.id });
  });
  return { ok: true };
}
