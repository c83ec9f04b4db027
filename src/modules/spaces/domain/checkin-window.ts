/** How early before its start a booking may be checked in (by staff or with the code of the day). */
export const CHECKIN_EARLY_MINUTES = 30;

/** Whether a booking may be checked in now: from 30 minutes before its start until its end. */
export function inCheckInWindow(start: Date, end: Date, now: Date): boolean {
  return now.getTime() >= start.getTime() - CHECKIN_EARLY_MINUTES * 60_000 && now < end;
}
