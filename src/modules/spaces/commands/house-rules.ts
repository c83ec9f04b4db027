import type { Space } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';
import type { BookingMode } from './booking-checks.js';

/** What a booking keeps of the house rules it was made under. */
export type RulesAcceptance = { houseRulesAcceptedAt: Date; houseRulesVersion: number } | Record<string, never>;

/**
 * A space with house rules is booked only by someone who accepted them: a resident booking for their
 * household must tick the box (422 on the field otherwise). At the counter, staff tick it when the
 * person said yes; it is recorded then, and not demanded (the person may read the rules on the spot).
 */
export function houseRulesAcceptance(space: Space, accepted: boolean | string | undefined, mode: BookingMode, now: Date): RulesAcceptance {
  if (space.houseRules.trim() === '') return {};
  if (accepted === true || accepted === 'on' || accepted === 'true') return { houseRulesAcceptedAt: now, houseRulesVersion: space.houseRulesVersion };
  if (mode === 'self') throw new SpacesError(422, 'spaces.error.houseRules', 'acceptRules');
  return {};
}
