import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { readStoredFile } from '../../../platform/files/index.js';
import { attendanceFigures } from '../domain/registration.js';
import { notFound } from '../errors.js';
import { eventDetail } from './events.js';

export type AttendanceSummary = ReturnType<typeof attendanceFigures>;
export type EventReport = {
  body: string;
  walkIns: number;
  writtenAt: Date;
  updatedAt: Date | null;
  photos: { id: string; caption: string }[];
};

/** Attendance as taken on the roster, counted without a name: seats registered and present, no-shows, rate. */
export async function attendanceSummary(tx: Tx, eventId: string): Promise<AttendanceSummary> {
  const rows = await tx.selectFrom('community_registrations').select(['status', 'attendance', 'adults', 'children']).where('event_id', '=', eventId).where('status', '=', 'confirmed').execute();
  return attendanceFigures(rows.map((r) => ({ status: 'confirmed', attendance: r.attendance as 'present' | 'absent' | null, seats: Number(r.adults) + Number(r.children) })));
}

/** The report of an event (null when none is written yet), with its photos in the order they were added. */
export async function reportOfEvent(tx: Tx, eventId: string): Promise<EventReport | null> {
  const r = await tx.selectFrom('community_event_reports').select(['body', 'walk_ins', 'written_at', 'updated_at']).where('event_id', '=', eventId).executeTakeFirst();
  if (!r) return null;
  const photos = await tx.selectFrom('community_event_photos').select(['id', 'caption']).where('event_id', '=', eventId).orderBy('created_at').execute();
  return {
    body: r.body as string,
    walkIns: Number(r.walk_ins),
    writtenAt: r.written_at as Date,
    updatedAt: (r.updated_at as Date | null) ?? null,
    photos: photos as { id: string; caption: string }[],
  };
}

/** Which of these events already have their report (for the organisers' list). Call inside withTenant. */
export async function reportedAmong(tx: Tx, eventIds: string[]): Promise<string[]> {
  return (await tx.selectFrom('community_event_reports').select('event_id').where('event_id', 'in', eventIds).execute()).map((r) => r.event_id as string);
}

/** An event's report and attendance, for whoever may see the event (same audience as its page). */
export async function eventReport(db: Db, actor: Actor, eventId: string): Promise<{ report: EventReport | null; attendance: AttendanceSummary }> {
  const e = await eventDetail(db, actor, eventId);
  return withTenant(db, { orgId: actor.orgId }, async (tx) => ({ report: await reportOfEvent(tx, e.id), attendance: await attendanceSummary(tx, e.id) }));
}

/** A photo of an event's report, for whoever may see the event. */
export async function reportPhoto(db: Db, actor: Actor, dataDir: string, eventId: string, photoId: string): Promise<{ bytes: Buffer; mediaType: string }> {
  const e = await eventDetail(db, actor, eventId);
  if (!/^[0-9a-f-]{36}$/i.test(photoId)) notFound();
  // A neighbour's activity (eventDetail checked it through their view) is read in its organiser's context.
  const row = await withTenant(db, { orgId: e.landlord ? e.organisation_id : actor.orgId }, (tx) =>
    tx.selectFrom('community_event_photos').select(['storage_key', 'media_type']).where('id', '=', photoId).where('event_id', '=', e.id).executeTakeFirst(),
  );
  if (!row) notFound();
  const bytes = await readStoredFile(dataDir, row.storage_key as string);
  if (!bytes) notFound();
  return { bytes, mediaType: row.media_type as string };
}
