import { describe, expect, it } from 'vitest';
import { attendanceFigures, placeRegistration, promoteFromWaitingList } from './registration.js';

const base = {
  mode: 'open' as const,
  capacity: 10,
  confirmedSeats: 0,
  waitingCount: 0,
  seats: 2,
  eventCancelled: false,
  eventStarted: false,
};

describe('placing a registration', () => {
  it('confirms while places remain, counting adults and children', () => {
    expect(placeRegistration({ ...base, confirmedSeats: 8 }).outcome).toBe('confirmed');
    expect(placeRegistration({ ...base, confirmedSeats: 9 }).outcome).toBe('waiting');
  });

  it('puts a small party behind people already waiting, even if it would fit', () => {
    expect(
      placeRegistration({
        ...base,
        confirmedSeats: 7,
        waitingCount: 1,
        seats: 1,
      }).outcome,
    ).toBe('waiting');
  });

  it('refuses when registration is off, the event is over or cancelled, or the party exceeds the room', () => {
    expect(placeRegistration({ ...base, mode: 'off' })).toEqual({
      outcome: 'refused',
      reason: 'closed',
    });
    expect(placeRegistration({ ...base, eventStarted: true })).toEqual({
      outcome: 'refused',
      reason: 'past',
    });
    expect(placeRegistration({ ...base, eventCancelled: true })).toEqual({
      outcome: 'refused',
      reason: 'cancelled',
    });
    expect(placeRegistration({ ...base, seats: 11 })).toEqual({
      outcome: 'refused',
      reason: 'too_large',
    });
  });

  it('leaves requests pending when staff approve each one, and has no limit without capacity', () => {
    expect(placeRegistration({ ...base, mode: 'approval' }).outcome).toBe('pending');
    expect(placeRegistration({ ...base, capacity: null, confirmedSeats: 500 }).outcome).toBe('confirmed');
  });
});

describe('promotion from the waiting list', () => {
  it('promotes in order of arrival while the parties fit', () => {
    const waiting = [
      { id: 'a', seats: 2 },
      { id: 'b', seats: 1 },
      { id: 'c', seats: 3 },
    ];
    expect(promoteFromWaitingList(10, 7, waiting)).toEqual(['a', 'b']);
  });

  it('stops at the first party that does not fit rather than letting smaller ones overtake it', () => {
    expect(
      promoteFromWaitingList(10, 8, [
        { id: 'family', seats: 4 },
        { id: 'single', seats: 1 },
      ]),
    ).toEqual([]);
  });

  it('promotes nobody when no place is free', () => {
    expect(promoteFromWaitingList(4, 4, [{ id: 'a', seats: 1 }])).toEqual([]);
  });
});

describe('attendance figures', () => {
  it('counts present seats, no-shows and the rate over marked registrations only', () => {
    const f = attendanceFigures([
      { status: 'confirmed', attendance: 'present', seats: 3 },
      { status: 'confirmed', attendance: 'absent', seats: 1 },
      { status: 'confirmed', attendance: null, seats: 2 },
      { status: 'waiting', attendance: null, seats: 2 },
    ]);
    expect(f).toEqual({
      registeredSeats: 6,
      presentSeats: 3,
      noShows: 1,
      rate: 0.5,
    });
    expect(attendanceFigures([]).rate).toBeNull();
  });
});
