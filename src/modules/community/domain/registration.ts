/** How an event takes registrations: none, first come first served, or each one approved by staff. */
export type RegistrationMode = 'off' | 'open' | 'approval';
export type RegistrationStatus = 'confirmed' | 'waiting' | 'pending' | 'refused' | 'cancelled';

/** A household registers its adults and children together; both take a place. */
export function seatsOf(r: { adults: number; children: number }): number {
  return r.adults + r.children;
}

export type Placement =
  | { outcome: 'confirmed' | 'waiting' | 'pending' }
  | {
      outcome: 'refused';
      reason: 'closed' | 'too_large' | 'past' | 'cancelled';
    };

/**
 * Where a new registration goes. Someone arriving after others already wait joins the end of the
 * line even if their small party would fit: the line is never overtaken.
 */
export function placeRegistration(input: {
  mode: RegistrationMode;
  capacity: number | null;
  confirmedSeats: number;
  waitingCount: number;
  seats: number;
  eventCancelled: boolean;
  eventStarted: boolean;
}): Placement {
  if (input.eventCancelled) return { outcome: 'refused', reason: 'cancelled' };
  if (input.eventStarted) return { outcome: 'refused', reason: 'past' };
  if (input.mode === 'off') return { outcome: 'refused', reason: 'closed' };
  if (input.capacity !== null && input.seats > input.capacity) return { outcome: 'refused', reason: 'too_large' };
  if (input.mode === 'approval') return { outcome: 'pending' };
  if (input.capacity === null) return { outcome: 'confirmed' };
  if (input.waitingCount === 0 && input.confirmedSeats + input.seats <= input.capacity) return { outcome: 'confirmed' };
  return { outcome: 'waiting' };
}

/**
 * Who leaves the waiting list when places free up: strictly in order of arrival, stopping at the
 * first party that does not fit, so a large family is never pushed back by smaller ones behind it.
 */
export function promoteFromWaitingList(capacity: number | null, confirmedSeats: number, waiting: { id: string; seats: number }[]): string[] {
  const promoted: string[] = [];
  let taken = confirmedSeats;
  for (const w of waiting) {
    if (capacity !== null && taken + w.seats > capacity) break;
    promoted.push(w.id);
    taken += w.seats;
  }
  return promoted;
}

/** Attendance rate over the registrations whose presence was taken; null before any is taken. */
export function attendanceFigures(
  rows: {
    status: RegistrationStatus;
    attendance: 'present' | 'absent' | null;
    seats: number;
  }[],
) {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const present = confirmed.filter((r) => r.attendance === 'present');
  const absent = confirmed.filter((r) => r.attendance === 'absent');
  const marked = present.length + absent.length;
  return {
    registeredSeats: confirmed.reduce((s, r) => s + r.seats, 0),
    presentSeats: present.reduce((s, r) => s + r.seats, 0),
    noShows: absent.length,
    rate: marked === 0 ? null : present.length / marked,
  };
}
