import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { ensure, notFound, parseInput } from '../errors.js';
import { P } from '../policy.js';
import { attendanceInput } from '../schemas.js';

/** The facilitator marks each confirmed registration present or absent (no-shows are counted from this). */
export async function takeAttendance(db: Db, actor: Actor, eventId: string, raw: Record<string, unknown>): Promise<number> {
  ensure(authorize(actor, P.attendance));
  // Form fields are named "a-<registration id>"; the API sends the same map without the prefix.
  const marks = parseInput(
    attendanceInput,
    Object.fromEntries(
      Object.entries(raw)
        .filter(([k]) => k.startsWith('a-') || /^[0-9a-f-]{36}$/.test(k))
        .map(([k, v]) => [k.replace(/^a-/, ''), v]),
    ),
  );
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const event = /^[0-9a-f-]{36}$/i.test(eventId) ? await tx.selectFrom('community_events').select(['id', 'organisation_id', 'residence_id']).where('id', '=', eventId).executeTakeFirst() : undefined;
    if (!event) notFound();
    ensure(
      authorize(actor, P.attendance, {
        organisationId: event.organisation_id as string,
        residenceId: event.residence_id as string | null,
      }),
    );
    let n = 0;
    for (const [id, mark] of Object.entries(marks)) {
      const r = await tx.updateTable('community_registrations').set({ attendance: mark }).where('id', '=', id).where('event_id', '=', eventId).where('status', '=', 'confirmed').executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    await audit(tx, {
      action: 'community.attendance.take',
      actor,
      targetType: 'community_event',
      targetId: eventId,
      details: { marked: n },
    });
    return n;
  });
}
