// Test helpers for this module's tests: the demo's spaces, actors and free dates. Not used by the app.
import type { Actor } from '../../platform/access/actor.js';
import { grant } from '../../platform/access/authorize.js';
import { addMessages } from '../../platform/i18n/index.js';
import type { Database } from '../../platform/db/database.js';
import { holidayOn } from '../../platform/calendar/holidays.js';
import { addDays, parisParts, weekday } from './domain/paris-time.js';
import { spacesModule } from './module.js';

/** Grants the module's permissions and loads its strings as the app does at start, for tests that call commands directly. */
export function grantSpacesPermissions(): void {
  for (const [permission, roles] of Object.entries(spacesModule.permissions)) grant(permission, roles);
  if (spacesModule.messages) addMessages(spacesModule.messages);
}

export type DemoSpace = { orgId: string; spaceId: string; resourceId: string; residenceId: string; households: string[] };

/** A demo space by name, with its first resource and the households living in its residence. */
export async function demoSpace(database: Database, name: string): Promise<DemoSpace> {
  const q = (text: string, args: unknown[]) => database.owner.query(text, args);
  const s = (await q('select id, organisation_id, residence_id from spaces where name = $1', [name])).rows[0];
  const r = (await q('select id from space_resources where space_id = $1 order by position limit 1', [s.id])).rows[0];
  const h = await q(
    'select h.id from households h join occupancies o on o.household_id = h.id and o.ends_on is null join dwellings d on d.id = o.dwelling_id where d.residence_id = $1 order by h.reference',
    [s.residence_id],
  );
  return { orgId: s.organisation_id, spaceId: s.id, resourceId: r.id, residenceId: s.residence_id, households: h.rows.map((x) => x.id) };
}

export async function userId(database: Database, email: string): Promise<string> {
  return (await database.owner.query('select id from users where email = $1', [email])).rows[0].id;
}

export function residentActor(orgId: string, userIdValue: string, householdId: string): Actor {
  return { kind: 'user', userId: userIdValue, displayName: 'Résident', locale: 'fr', orgId, roles: ['resident'], residenceIds: null, householdId, actingFor: null, tokenScopes: null };
}

export function staffActor(orgId: string, userIdValue: string, residenceIds: string[] | null = null): Actor {
  return { kind: 'user', userId: userIdValue, displayName: 'Animatrice', locale: 'fr', orgId, roles: ['facilitator'], residenceIds, householdId: null, actingFor: null, tokenScopes: null };
}

/** A working day (Monday–Friday, not a public holiday) at least `ahead` days from today, in Paris. */
export function workingDayAhead(ahead: number, now = new Date()): string {
  let d = addDays(parisParts(now).date, ahead);
  while (weekday(d) > 5 || holidayOn(d)) d = addDays(d, 1);
  return d;
}

/** Opens rules wide for a test: far horizon, no quota, no notice; each test narrows what it checks. */
export async function relaxRules(database: Database, spaceId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const rules: Record<string, unknown> = { horizon_days: 200, weekly_quota_minutes: null, weekly_quota_bookings: null, monthly_quota_minutes: null, monthly_quota_bookings: null, notice_minutes: 0, cancel_notice_minutes: 0, ...extra };
  const keys = Object.keys(rules);
  await database.owner.query(`update spaces set ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} where id = $1`, [spaceId, ...keys.map((k) => rules[k])]);
}

/**
 * A Monday–Friday public holiday at least `ahead` days from today, and the date one week before it (to start a
 * series on). By default `start` is past the demo seed's bookings (the next 13 days), so the households' own
 * seeded bookings never conflict with a test's series.
 */
export function holidayWeekAhead(ahead = 21): { start: string; holiday: string } {
  let d = addDays(parisParts(new Date()).date, ahead);
  // The start itself an ordinary working day (1 January a week after Christmas is not a week to start on).
  while (!(holidayOn(d) && weekday(d) <= 5 && !holidayOn(addDays(d, -7)))) d = addDays(d, 1);
  return { start: addDays(d, -7), holiday: d };
}
