import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { checkUpload, type FileKind, removeStoredFile, storeFile } from '../../../platform/files/index.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { reportInput } from '../schemas.js';

/** Photos of an activity: JPEG or PNG of at most 5 MB, six per activity. */
export const PHOTO_LIMITS = { maxBytes: 5 * 1024 * 1024, kinds: ['jpeg', 'png'] as readonly FileKind[], perEvent: 6 };
export const PHOTO_ERRORS = { empty: 'community.report.photoEmpty', too_large: 'community.report.photoTooLarge', type: 'community.report.photoType' } as const;

export type Upload = { name: string; bytes: Uint8Array } | null;

/** The event as its organiser may report on it: found, in the actor's scope, held (started, not cancelled). */
async function eventToReport(tx: Tx, actor: Actor, eventId: string) {
  const event = /^[0-9a-f-]{36}$/i.test(eventId)
    ? await tx.selectFrom('community_events').select(['id', 'organisation_id', 'residence_id', 'starts_at', 'cancelled_at']).where('id', '=', eventId).executeTakeFirst()
    : undefined;
  if (!event) notFound();
  ensure(authorize(actor, P.manage, { organisationId: event.organisation_id as string, residenceId: event.residence_id as string | null }));
  return event;
}

/**
 * The organiser writes (or corrects) the report of an activity that has taken place, and may add
 * one photo with it — only when they state that the people shown agreed. Nothing is written when
 * any part is refused; a stored file whose row could not be written is removed.
 */
export async function saveEventReport(db: Db, actor: Actor, dataDir: string, eventId: string, raw: unknown, photo: Upload): Promise<{ photoAdded: boolean }> {
  ensure(authorize(actor, P.manage));
  const stored: { key: string | null } = { key: null };
  try {
    return await withTenant(db, { orgId: actor.orgId }, async (tx) => {
      const event = await eventToReport(tx, actor, eventId);
      const input = parseInput(reportInput, raw);
      if (event.cancelled_at) throw new Invalid({ form: 'community.report.cancelled' }, 409);
      if ((event.starts_at as Date).getTime() > Date.now()) throw new Invalid({ form: 'community.report.notYet' }, 409);
      const checked = photo ? checkUpload(photo.bytes, photo.name, PHOTO_LIMITS) : null;
      if (checked && !checked.ok) throw new Invalid({ photo: PHOTO_ERRORS[checked.error] });
      if (checked && !input.consent) throw new Invalid({ consent: 'community.report.consentNeeded' });
      await tx
        .insertInto('community_event_reports')
        .values({ event_id: event.id, organisation_id: event.organisation_id, body: input.body, walk_ins: input.walkIns, written_by: actor.userId })
        .onConflict((oc) => oc.column('event_id').doUpdateSet({ body: input.body, walk_ins: input.walkIns, updated_at: new Date() }))
        .execute();
      if (photo && checked?.ok) {
        const { n } = (await tx.selectFrom('community_event_photos').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirstOrThrow()) as { n: number };
        if (Number(n) >= PHOTO_LIMITS.perEvent) throw new Invalid({ photo: 'community.report.photoTooMany' }, 409);
        stored.key = await storeFile(dataDir, 'community', photo.bytes);
        const row = await tx
          .insertInto('community_event_photos')
          .values({
            organisation_id: event.organisation_id,
            event_id: event.id,
            storage_key: stored.key,
            media_type: checked.mediaType,
            size_bytes: photo.bytes.byteLength,
            caption: input.caption,
            consent_by: actor.userId,
            consent_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, { action: 'community.event.photo.add', actor, targetType: 'community_event', targetId: event.id as string, details: { photo: row.id, consent: true } });
      }
      await audit(tx, { action: 'community.event.report', actor, targetType: 'community_event', targetId: event.id as string, details: { walkIns: input.walkIns } });
      return { photoAdded: stored.key !== null };
    });
  } catch (e) {
    if (stored.key) await removeStoredFile(dataDir, stored.key);
    throw e;
  }
}

/** The organiser takes a photo down (consent withdrawn, wrong picture); the file goes with the row. */
export async function removeReportPhoto(db: Db, actor: Actor, dataDir: string, eventId: string, photoId: string): Promise<void> {
  ensure(authorize(actor, P.manage));
  const key = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const event = await eventToReport(tx, actor, eventId);
    if (!/^[0-9a-f-]{36}$/i.test(photoId)) notFound();
    const row = await tx.deleteFrom('community_event_photos').where('id', '=', photoId).where('event_id', '=', event.id).returning('storage_key').executeTakeFirst();
    if (!row) notFound();
    await audit(tx, { action: 'community.event.photo.remove', actor, targetType: 'community_event', targetId: event.id as string, details: { photo: photoId } });
    return row.storage_key as string;
  });
  await removeStoredFile(dataDir, key);
}
