import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize, type Permission } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { asResident, P } from '../policy.js';

const coOrganiserInput = z.object({ email: z.email({ error: 'community.coOrganiser.email' }).trim().toLowerCase() });

async function eventScope(tx: Tx, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return undefined;
  return tx.selectFrom('community_events').select(['id', 'organisation_id', 'residence_id']).where('id', '=', eventId).executeTakeFirst();
}

/**
 * May the actor run the roll call of this event? Staff with the permission for its residence, or
 * a resident named co-organiser of it. Anyone else gets 404 (as if the activity did not exist).
 */
export async function ensureRunsEvent(tx: Tx, actor: Actor, eventId: string, permission: Permission = P.attendance): Promise<{ id: string; organisation_id: string }> {
  const e = (await eventScope(tx, eventId)) ?? notFound();
  const decision = authorize(actor, permission, { organisationId: e.organisation_id as string, residenceId: e.residence_id as string | null });
  if (decision === 'allow') return e as { id: string; organisation_id: string };
  if (asResident(actor) && !actor.actingFor && (await isCoOrganiser(tx, e.id as string, actor.userId))) return e as { id: string; organisation_id: string };
  ensure(decision === 'forbidden' ? 'not_found' : decision);
  return notFound();
}

export async function isCoOrganiser(tx: Tx, eventId: string, userId: string): Promise<boolean> {
  return Boolean(await tx.selectFrom('community_event_organisers').select('user_id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst());
}

/** The residents named co-organisers of an event (names for the roster page). */
export async function coOrganisersOf(db: Db, actor: Actor, eventId: string): Promise<{ user_id: string; name: string }[]> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) =>
    (await tx
      .selectFrom('community_event_organisers as o')
      .innerJoin('users as u', 'u.id', 'o.user_id')
      .select(['o.user_id', 'u.display_name as name'])
      .where('o.event_id', '=', eventId)
      .orderBy('u.display_name')
      .execute()) as { user_id: string; name: string }[],
  );
}

/** Names a resident of the landlord (found by their account's e-mail) co-organiser of an activity. */
export async function addCoOrganiser(db: Db, actor: Actor, eventId: string, raw: unknown): Promise<void> {
  ensure(authorize(actor, P.manage));
  const input = parseInput(coOrganiserInput, raw);
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const e = (await eventScope(tx, eventId)) ?? notFound();
    ensure(authorize(actor, P.manage, { organisationId: e.organisation_id as string, residenceId: e.residence_id as string | null }));
    const person = await tx
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .select('u.id')
      .where('u.email', '=', input.email)
      .where('m.organisation_id', '=', e.organisation_id as string)
      .where('m.role', '=', 'resident')
      .executeTakeFirst();
    if (!person) throw new Invalid({ email: 'community.coOrganiser.unknown' });
    await tx
      .insertInto('community_event_organisers')
      .values({ organisation_id: e.organisation_id, event_id: e.id, user_id: person.id, added_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit(tx, { action: 'community.event.co_organiser.add', actor, targetType: 'community_event', targetId: e.id as string, details: { user: person.id } });
  });
}

/** Removes a resident co-organiser of an activity. */
export async function removeCoOrganiser(db: Db, actor: Actor, eventId: string, userId: string): Promise<void> {
  ensure(authorize(actor, P.manage));
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const e = (await eventScope(tx, eventId)) ?? notFound();
    ensure(authorize(actor, P.manage, { organisationId: e.organisation_id as string, residenceId: e.residence_id as string | null }));
    if (!/^[0-9a-f-]{36}$/i.test(userId)) notFound();
    const gone = await tx.deleteFrom('community_event_organisers').where('event_id', '=', e.id).where('user_id', '=', userId).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) notFound();
    await audit(tx, { action: 'community.event.co_organiser.remove', actor, targetType: 'community_event', targetId: e.id as string, details: { user: userId } });
  });
}
