import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { FieldError } from '../errors.js';
import { type ClosureInput, closureDays, type OfficeHoursInput } from '../schemas-hours.js';
import { asStaff } from './parcels.js';

const hhmm = (v: unknown) => String(v).slice(0, 5);

/**
 * The desk's staff replace its weekly office hours as a whole (one transaction: residents never see
 * half a week); audited with the hours before and after.
 */
export async function saveOfficeHours(db: Db, actor: Actor, input: OfficeHoursInput): Promise<void> {
  await asStaff(db, actor, async (tx, desk) => {
    // One change at a time per desk: two staff saving at once would otherwise both delete, then both insert.
    await sql`SELECT pg_advisory_xact_lock(hashtext('concierge_office_hours'), hashtext(${desk.id}))`.execute(tx);
    const before = await tx.selectFrom('concierge_office_hours').select(['weekday', 'starts_at', 'ends_at', 'place']).where('desk_id', '=', desk.id).orderBy('weekday').orderBy('starts_at').execute();
    await tx.deleteFrom('concierge_office_hours').where('desk_id', '=', desk.id).execute();
    const sorted = [...input.hours].sort((a, b) => a.weekday - b.weekday || a.startsAt.localeCompare(b.startsAt));
    if (sorted.length)
      await tx
        .insertInto('concierge_office_hours')
        .values(sorted.map((h) => ({ organisation_id: desk.organisation_id, desk_id: desk.id, weekday: h.weekday, starts_at: h.startsAt, ends_at: h.endsAt, place: h.place })))
        .execute();
    await audit(tx, {
      action: 'concierge.office_hours.updated',
      actor,
      targetType: 'concierge_desk',
      targetId: desk.id,
      details: {
        before: before.map((h) => ({ weekday: h.weekday, startsAt: hhmm(h.starts_at), endsAt: hhmm(h.ends_at), place: h.place })),
        after: sorted,
      },
    });
  });
}

/** Closes the desk on one day or a run of days, with the reason residents are shown; a day already closed is a field error. */
export async function addClosure(db: Db, actor: Actor, input: ClosureInput): Promise<{ days: string[] }> {
  const days = closureDays(input);
  const field = input.to ? 'to' : 'from';
  try {
    return await asStaff(db, actor, async (tx, desk) => {
      const taken = await tx.selectFrom('concierge_closures').select(sql<string>`on_date::text`.as('d')).where('desk_id', '=', desk.id).where(sql<boolean>`on_date = ANY(${days}::date[])`).orderBy('on_date').executeTakeFirst();
      if (taken) throw new FieldError(field, 'concierge.error.closureTaken');
      await tx
        .insertInto('concierge_closures')
        .values(days.map((d) => ({ organisation_id: desk.organisation_id, desk_id: desk.id, on_date: d, note: input.reason })))
        .execute();
      await audit(tx, { action: 'concierge.closure.added', actor, targetType: 'concierge_desk', targetId: desk.id, details: { from: days[0], to: days[days.length - 1], days: days.length, reason: input.reason } });
      return { days };
    });
  } catch (e) {
    // Two staff closing the same day at once: the second meets UNIQUE (desk_id, on_date).
    if ((e as { code?: string }).code === '23505') throw new FieldError(field, 'concierge.error.closureTaken');
    throw e;
  }
}

/** Opens the desk again on a day it was closed; a day that was not closed is a field error. */
export async function removeClosure(db: Db, actor: Actor, date: string): Promise<void> {
  await asStaff(db, actor, async (tx, desk) => {
    const gone = await tx.deleteFrom('concierge_closures').where('desk_id', '=', desk.id).where('on_date', '=', date as never).returning('note').executeTakeFirst();
    if (!gone) throw new FieldError('date', 'concierge.error.closureUnknown');
    await audit(tx, { action: 'concierge.closure.removed', actor, targetType: 'concierge_desk', targetId: desk.id, details: { date, reason: gone.note } });
  });
}
