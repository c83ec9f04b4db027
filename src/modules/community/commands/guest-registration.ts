import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { guestRegistrationInput } from '../schemas.js';
import { cancelAndPromote } from './cancel-registration.js';
import { lockEvent } from './event-rows.js';
import { noticeToRegistrants } from './notices.js';
import { type Placed, placeParty } from './register.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The landlord behind a public address (its slug); organisations are not tenant-owned. */
export async function landlordBySlug(db: Db, slug: string): Promise<{ id: string; name: string } | undefined> {
  return (await db.selectFrom('organisations').select(['id', 'name']).where('slug', '=', slug).where('kind', '=', 'landlord').executeTakeFirst()) as { id: string; name: string } | undefined;
}

/** A landlord's public address (its slug), for the cancellation link given by staff through the API. */
export async function landlordSlugOf(db: Db, orgId: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('slug').where('id', '=', orgId).where('kind', '=', 'landlord').executeTakeFirst();
  return (row?.slug as string | null | undefined) ?? undefined;
}

/**
 * Registration without an account (name + phone or e-mail), because many residents have none.
 * Only open events of the whole landlord take it; the secret link it returns is the only way to
 * cancel, and only its hash is kept; the confirmation sent to the contact given repeats it.
 * `by`: staff or a partner registering the person (API), who must organise activities for the landlord.
 */
export async function registerGuest(db: Db, orgId: string, eventId: string, raw: unknown, opts: { cancelUrl?: (token: string) => string; by?: Actor } = {}): Promise<Placed & { token: string }> {
  if (opts.by) ensure(authorize(opts.by, P.manage));
  const input = parseInput(guestRegistrationInput, raw);
  const token = randomBytes(24).toString('base64url');
  return withTenant(db, { orgId }, async (tx) => {
    const event = (await lockEvent(tx, eventId)) ?? notFound();
    if (event.residence_id !== null) notFound();
    if (opts.by) ensure(authorize(opts.by, P.manage, { organisationId: event.organisation_id, residenceId: null }));
    const placed = await placeParty(
      tx,
      event,
      {
        householdId: null,
        userId: null,
        guestName: input.name,
        guestContact: input.contact,
        cancelTokenHash: hash(token),
        registeredBy: opts.by?.userId ?? null,
      },
      input,
    );
    await noticeToRegistrants(tx, { eventId, kind: placed.status, registrationIds: [placed.id], cancelUrl: opts.cancelUrl?.(token) });
    await audit(tx, {
      action: 'community.registration.guest',
      organisationId: orgId,
      actor: opts.by,
      targetType: 'community_registration',
      targetId: placed.id,
      details: { eventId, status: placed.status },
    });
    return { ...placed, token };
  });
}

/** The registration a cancellation link points to, with its event, or undefined. */
export async function guestRegistrationByToken(db: Db, orgId: string, token: string) {
  return withTenant(db, { orgId }, (tx) =>
    tx
      .selectFrom('community_registrations as r')
      .innerJoin('community_events as e', 'e.id', 'r.event_id')
      .select(['r.id', 'r.event_id', 'r.household_id', 'r.user_id', 'r.status', 'r.guest_name', 'e.title', 'e.starts_at'])
      .where('r.cancel_token_hash', '=', hash(token))
      .executeTakeFirst(),
  );
}

/** Cancels through the secret link; a second use changes nothing. */
export async function cancelGuestRegistration(db: Db, orgId: string, token: string): Promise<boolean> {
  return withTenant(db, { orgId }, async (tx) => {
    const reg = await tx.selectFrom('community_registrations').select(['id', 'event_id', 'household_id', 'user_id', 'status']).where('cancel_token_hash', '=', hash(token)).executeTakeFirst();
    if (!reg) return false;
    const promoted = await cancelAndPromote(tx, reg as never);
    await audit(tx, {
      action: 'community.registration.guest_cancel',
      organisationId: orgId,
      targetType: 'community_registration',
      targetId: reg.id as string,
      details: { promoted },
    });
    return true;
  });
}
