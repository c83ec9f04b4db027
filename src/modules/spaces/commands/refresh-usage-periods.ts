import type { Tx } from '../../../platform/db/tenant.js';
import { type LocalDate, parisInstant } from '../domain/paris-time.js';
import { liveSpaceUsage } from '../queries/space-usage.js';

export type UsagePeriod = { from: LocalDate; to: LocalDate };

/** The periods dashboards ask for: this year and last year, whole and by quarter (Paris dates). */
export function reportingPeriods(today: LocalDate): UsagePeriod[] {
  const year = Number(today.slice(0, 4));
  const periods: UsagePeriod[] = [];
  for (const y of [year - 1, year]) {
    periods.push({ from: `${y}-01-01`, to: `${y + 1}-01-01` });
    for (const q of [0, 1, 2, 3]) {
      const start = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
      const end = q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, '0')}-01`;
      periods.push({ from: start, to: end });
    }
  }
  return periods;
}

/** Recounts each space's usage for these periods of one organisation, replacing what was stored. Returns the rows written. */
export async function refreshUsagePeriods(tx: Tx, organisationId: string, periods: UsagePeriod[]): Promise<number> {
  let written = 0;
  for (const p of periods) {
    const usage = await liveSpaceUsage(tx, parisInstant(p.from, 0), parisInstant(p.to, 0));
    await tx.deleteFrom('space_usage_periods').where('period_from', '=', p.from).where('period_to', '=', p.to).execute();
    if (usage.length === 0) continue;
    await tx
      .insertInto('space_usage_periods')
      .values(usage.map((u) => ({ organisation_id: organisationId, space_id: u.spaceId, period_from: p.from, period_to: p.to, bookings: u.bookings, hours: u.hours, households: u.households, assisted: u.assisted, purposes: JSON.stringify(u.purposes) })))
      .execute();
    written += usage.length;
  }
  return written;
}
