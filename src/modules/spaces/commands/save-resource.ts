import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { ResourceInput } from '../config-schemas.js';
import { replaceHours } from '../db/config-db.js';
import type { Space } from '../db/spaces-db.js';
import { effectiveRules } from '../domain/resource-rules.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { misfitBookings } from '../queries/misfit-bookings.js';

const uuidLike = /^[0-9a-f-]{36}$/i;

/** The override columns from the form: null keeps the space's rule. */
function overrideColumns(v: ResourceInput) {
  return {
    slot_minutes: v.slotMinutes ?? null,
    min_minutes: v.minMinutes ?? null,
    max_minutes: v.maxMinutes ?? null,
    horizon_days: v.horizonDays ?? null,
    notice_minutes: v.noticeMinutes ?? null,
    cancel_notice_minutes: v.cancelNoticeMinutes ?? null,
    weekly_quota_minutes: v.weeklyQuotaHours === null || v.weeklyQuotaHours === undefined ? null : v.weeklyQuotaHours * 60,
    weekly_quota_bookings: v.weeklyQuotaBookings ?? null,
    monthly_quota_minutes: v.monthlyQuotaHours === null || v.monthlyQuotaHours === undefined ? null : v.monthlyQuotaHours * 60,
    monthly_quota_bookings: v.monthlyQuotaBookings ?? null,
    buffer_minutes: v.bufferMinutes ?? null,
    holidays_closed: v.holidaysClosed ?? null,
    approval_required: v.approvalRequired ?? null,
    own_hours: v.ownHours === true,
  };
}

/** The resource's rules once merged with the space's must still make sense (lengths in whole slots, max ≥ min). */
function checkMerged(space: Space, v: ResourceInput): void {
  const r = effectiveRules(space.rules, { slotMinutes: v.slotMinutes, minMinutes: v.minMinutes, maxMinutes: v.maxMinutes });
  const field = (f: 'minMinutes' | 'maxMinutes' | 'slotMinutes') => (v[f] !== null && v[f] !== undefined ? f : v.slotMinutes ? 'slotMinutes' : f);
  if (r.maxMinutes < r.minMinutes) throw new SpacesError(422, 'spaces.config.error.maxBelowMin', field('maxMinutes'));
  if (r.minMinutes % r.slotMinutes !== 0) throw new SpacesError(422, 'spaces.config.error.slotMultiple', field('minMinutes'));
  if (r.maxMinutes % r.slotMinutes !== 0) throw new SpacesError(422, 'spaces.config.error.slotMultiple', field('maxMinutes'));
  if (v.ownHours && (v.hours ?? []).length === 0) throw new SpacesError(422, 'spaces.config.error.ownHoursEmpty', 'hours');
}

/** Adds a resource to a space (seats, a whole room, an item). Audited. */
export async function addResource(db: Db, actor: Actor, spaceId: string, v: ResourceInput): Promise<string> {
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      const clash = await tx.selectFrom('space_resources').select('id').where('space_id', '=', space.id).where('name', '=', v.name).executeTakeFirst();
      if (clash) throw new SpacesError(422, 'spaces.config.error.nameTaken', 'name');
      checkMerged(space, v);
      const position = await tx.selectFrom('space_resources').select((e) => e.fn.countAll<number>().as('n')).where('space_id', '=', space.id).executeTakeFirstOrThrow();
      const row = await tx
        .insertInto('space_resources')
        .values({ organisation_id: space.organisationId, space_id: space.id, kind: v.kind, name: v.name, units: v.units, people_capacity: v.peopleCapacity, position: Number(position.n), ...overrideColumns(v) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceHours(tx, space.organisationId, space.id, v.ownHours ? (v.hours ?? []) : [], row.id as string);
      await audit(tx, { action: 'spaces.resource.create', actor, targetType: 'space_resource', targetId: row.id, details: { spaceId: space.id, kind: v.kind, units: v.units, ownRules: ownRuleNames(v) } });
      return row.id as string;
    },
    { lock: true },
  );
}

/**
 * Edits a resource. Fewer seats than a kept booking's seat number do not remove it: the booking is
 * flagged on the board; the count of such bookings is returned. A retired resource may be put back.
 */
export async function updateResource(db: Db, actor: Actor, spaceId: string, resourceId: string, v: ResourceInput & { active: boolean }, now = new Date()): Promise<{ misfits: number }> {
  if (!uuidLike.test(resourceId)) throw new SpacesError(404, 'error.404.title');
  return withSpaceFor(
    db,
    actor,
    PERMISSIONS.configure,
    spaceId,
    async (tx, space) => {
      const before = await tx.selectFrom('space_resources').select(['id', 'kind', 'active']).where('id', '=', resourceId).where('space_id', '=', space.id).forUpdate().executeTakeFirst();
      if (!before) throw new SpacesError(404, 'error.404.title');
      const clash = await tx.selectFrom('space_resources').select('id').where('space_id', '=', space.id).where('name', '=', v.name).where('id', '<>', resourceId).executeTakeFirst();
      if (clash) throw new SpacesError(422, 'spaces.config.error.nameTaken', 'name');
      checkMerged(space, v);
      // Retiring goes through removeResource, which deals with the bookings; here a resource may only come back.
      const active = before.active || v.active;
      await tx.updateTable('space_resources').set({ kind: v.kind, name: v.name, units: v.units, people_capacity: v.peopleCapacity, active, ...overrideColumns(v) }).where('id', '=', resourceId).execute();
      // Hours typed while "own hours" is off are not kept: the resource follows the space's.
      await replaceHours(tx, space.organisationId, space.id, v.ownHours ? (v.hours ?? []) : [], resourceId);
      const misfits = (await misfitBookings(tx, space.id, now)).filter((m) => m.resourceId === resourceId);
      await audit(tx, { action: 'spaces.resource.update', actor, targetType: 'space_resource', targetId: resourceId, details: { spaceId: space.id, kind: v.kind, units: v.units, active, ownRules: ownRuleNames(v), misfits: misfits.length } });
      return { misfits: misfits.length };
    },
    { lock: true },
  );
}

/** Which rules the resource sets for itself (names only), for the audit trail. */
function ownRuleNames(v: ResourceInput): string[] {
  const names = (['slotMinutes', 'minMinutes', 'maxMinutes', 'horizonDays', 'noticeMinutes', 'cancelNoticeMinutes', 'weeklyQuotaHours', 'weeklyQuotaBookings', 'monthlyQuotaHours', 'monthlyQuotaBookings', 'bufferMinutes', 'holidaysClosed', 'approvalRequired'] as const).filter((k) => v[k] !== null && v[k] !== undefined);
  return v.ownHours ? [...names, 'hours'] : names;
}
