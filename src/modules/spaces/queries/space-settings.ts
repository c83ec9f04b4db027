import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { commonPlaceOptions } from '../../directory/index.js';
import { hourFields, WEEKDAYS } from '../config-schemas.js';
import { allResources, type ConfigResource } from '../db/config-db.js';
import { listClosures, listHours, type Space } from '../db/spaces-db.js';
import type { ClosureRow } from '../views/closure-days.js';
import { formatTime } from '../domain/paris-time.js';
import { PERMISSIONS, requirePermission, withSpaceFor } from '../policy.js';
import type { PlaceOption } from '../views/space-form.js';
import { type Misfit, misfitBookings } from './misfit-bookings.js';

/** The common places the actor may put a space in (their residences, or all of the organisation's). */
async function placesFor(tx: Tx, actor: Actor): Promise<PlaceOption[]> {
  const all = await commonPlaceOptions(tx);
  return all.filter((p) => !actor.residenceIds || actor.residenceIds.includes(p.residenceId)).map((p) => ({ id: p.id, name: p.name, residence: p.residence }));
}

/** What the "new space" form needs. */
export async function newSpaceChoices(db: Db, actor: Actor): Promise<PlaceOption[]> {
  const orgId = requirePermission(actor, PERMISSIONS.configure);
  return withTenant(db, { orgId }, (tx) => placesFor(tx, actor));
}

export type SpaceSettings = { space: Space; values: Record<string, string>; places: PlaceOption[]; resources: ConfigResource[]; misfits: Misfit[]; closures: ClosureRow[] };

/** A space as its settings form shows it, with its resources and the kept bookings its rules no longer allow. */
export async function spaceSettings(db: Db, actor: Actor, spaceId: string, now = new Date()): Promise<SpaceSettings> {
  return withSpaceFor(db, actor, PERMISSIONS.configure, spaceId, async (tx, space) => {
    const [hours, places, resources, misfits, closures] = await Promise.all([
      listHours(tx, space.id),
      placesFor(tx, actor),
      allResources(tx, space.id),
      misfitBookings(tx, space.id, now),
      listClosures(tx, space.id, now, new Date(now.getTime() + 400 * 86_400_000)),
    ]);
    const r = space.rules;
    const values: Record<string, string> = {
      kind: space.kind,
      commonPlaceId: space.commonPlaceId,
      name: space.name,
      description: space.description,
      houseRules: space.houseRules,
      slotMinutes: String(r.slotMinutes),
      minMinutes: String(r.minMinutes),
      maxMinutes: String(r.maxMinutes),
      horizonDays: String(r.horizonDays),
      noticeMinutes: String(r.noticeMinutes),
      cancelNoticeMinutes: String(r.cancelNoticeMinutes),
      weeklyQuotaHours: r.weeklyQuotaMinutes === null ? '' : String(Math.ceil(r.weeklyQuotaMinutes / 60)),
      weeklyQuotaBookings: r.weeklyQuotaBookings === null ? '' : String(r.weeklyQuotaBookings),
      monthlyQuotaHours: r.monthlyQuotaMinutes === null ? '' : String(Math.ceil(r.monthlyQuotaMinutes / 60)),
      monthlyQuotaBookings: r.monthlyQuotaBookings === null ? '' : String(r.monthlyQuotaBookings),
      bufferMinutes: String(r.bufferMinutes),
      checkinGraceMinutes: space.checkinGraceMinutes === null ? '' : String(space.checkinGraceMinutes),
      noShowLimit: space.noShowLimit === null ? '' : String(space.noShowLimit),
      offerMinutes: String(space.offerMinutes),
      approvalRequired: space.approvalRequired ? 'on' : '',
      publicCalendar: space.publicCalendar ? 'on' : '',
      holidaysClosed: r.holidaysClosed ? 'on' : '',
      active: space.active ? 'on' : '',
    };
    for (const d of WEEKDAYS) {
      const day = hours.filter((h) => h.weekday === d).slice(0, 2);
      const f = hourFields(d);
      day.forEach((h, i) => {
        values[f[i * 2]] = formatTime(h.opens);
        values[f[i * 2 + 1]] = formatTime(h.closes);
      });
    }
    return { space, values, places, resources, misfits, closures };
  });
}

/** The defaults of a new space: 1 h slots, 1–4 h, a month ahead, Monday–Friday 9–12 and 14–18, holidays closed. */
export function newSpaceDefaults(): Record<string, string> {
  const v: Record<string, string> = { kind: 'coworking', commonPlaceId: '', name: '', description: '', houseRules: '', slotMinutes: '60', minMinutes: '60', maxMinutes: '240', horizonDays: '30', noticeMinutes: '0', cancelNoticeMinutes: '0', weeklyQuotaHours: '', weeklyQuotaBookings: '', monthlyQuotaHours: '', monthlyQuotaBookings: '', bufferMinutes: '0', checkinGraceMinutes: '', noShowLimit: '', offerMinutes: '120', approvalRequired: '', publicCalendar: '', holidaysClosed: 'on', active: 'on' };
  for (const d of [1, 2, 3, 4, 5]) Object.assign(v, Object.fromEntries(hourFields(d).map((f, i) => [f, ['09:00', '12:00', '14:00', '18:00'][i]])));
  return v;
}
