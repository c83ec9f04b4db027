import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { authorize } from '../access/authorize.js';
import { audit } from '../audit/audit.js';
import { updateSession } from '../auth/sessions.js';
import type { Db } from '../db/database.js';
import { withTenant } from '../db/tenant.js';
import { HttpError } from '../http/errors.js';

export const DURATIONS = { '1h': 1, '1d': 24, '7d': 24 * 7 } as const;
export const SCOPES = ['all', 'spaces', 'concierge', 'community'] as const;

export const startAssistSchema = z.object({
  resident: z.string().uuid('form.required'),
  scope: z.enum(SCOPES, { message: 'form.required' }),
  duration: z.enum(['1h', '1d', '7d'], { message: 'form.required' }),
  consent: z.literal('on', { message: 'assist.consentRequired' }),
});

export type ResidentChoice = { id: string; display_name: string };

/** The residents of the actor's organisation who have an account, for staff to pick from. */
export async function residentsOf(db: Db, actor: Actor): Promise<ResidentChoice[]> {
  return withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.display_name'])
      .where('m.role', '=', 'resident')
      .where('m.organisation_id', '=', actor.orgId)
      .orderBy('u.display_name')
      .execute(),
  ) as Promise<ResidentChoice[]>;
}

/**
 * Records the resident's consent (who, when, scope, expiry) and switches the staff member's session
 * to act for them. A resident of another organisation is unknown here (404).
 */
export async function startAssisting(db: Db, actor: Actor, sessionHash: string, input: z.infer<typeof startAssistSchema>): Promise<void> {
  if (authorize(actor, 'assist.act') !== 'allow') throw new HttpError(403);
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const resident = await tx
      .selectFrom('memberships')
      .select('user_id')
      .where('user_id', '=', input.resident)
      .where('role', '=', 'resident')
      .where('organisation_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!resident) throw new HttpError(404);
    const consent = await tx
      .insertInto('assistance_consents')
      .values({
        organisation_id: actor.orgId,
        resident_user_id: input.resident,
        staff_user_id: actor.userId,
        scope: input.scope,
        expires_at: sql`now() + make_interval(hours => ${DURATIONS[input.duration]})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'assist.started', actor, targetType: 'user', targetId: input.resident, details: { consent: consent.id, scope: input.scope, duration: input.duration } });
  });
  await updateSession(db, sessionHash, { acting_for_user_id: input.resident });
}

/** Ends assisted mode for this session; the consent stays on record. */
export async function stopAssisting(db: Db, actor: Actor, sessionHash: string): Promise<void> {
  await updateSession(db, sessionHash, { acting_for_user_id: null });
  if (actor.actingFor) {
    await withTenant(db, { orgId: actor.orgId }, (tx) => audit(tx, { action: 'assist.stopped', actor, targetType: 'user', targetId: actor.actingFor?.userId }));
  }
}
