import { describe, expect, it } from 'vitest';
import { eventsFor, isLate, REQUEST_EVENTS, REQUEST_STATUSES, type RequestEvent, type RequestStatus, type Side, transition } from './request-status.js';

// The whole table, written out: anything not listed here must be refused.
const ALLOWED: [RequestStatus, RequestEvent, Side[], RequestStatus][] = [
  ['submitted', 'dispatch', ['concierge'], 'dispatched'],
  ['declined', 'dispatch', ['concierge'], 'dispatched'],
  ['dispatched', 'accept', ['provider', 'concierge'], 'accepted'],
  ['dispatched', 'decline', ['provider', 'concierge'], 'declined'],
  ['accepted', 'decline', ['provider', 'concierge'], 'declined'],
  ['accepted', 'complete', ['provider', 'concierge'], 'done'],
  ['done', 'hand_over', ['concierge'], 'closed'],
  ['submitted', 'cancel', ['resident', 'concierge'], 'cancelled'],
  ['dispatched', 'cancel', ['resident', 'concierge'], 'cancelled'],
  ['accepted', 'cancel', ['resident', 'concierge'], 'cancelled'],
  ['declined', 'cancel', ['resident', 'concierge'], 'cancelled'],
];
const SIDES: Side[] = ['resident', 'concierge', 'provider'];

describe('request status machine', () => {
  for (const from of REQUEST_STATUSES) {
    for (const event of REQUEST_EVENTS) {
      for (const side of SIDES) {
        const rule = ALLOWED.find(([f, e]) => f === from && e === event);
        const allowed = rule?.[2].includes(side);
        it(`${side} ${event} from ${from}: ${allowed ? `→ ${rule?.[3]}` : 'refused'}`, () => {
          const r = transition(from, event, side, 'a reason');
          if (allowed) expect(r).toEqual({ ok: true, to: rule?.[3] });
          else expect(r).toEqual({ ok: false, error: rule ? 'not_your_side' : 'not_allowed_now' });
        });
      }
    }
  }

  it('asks for a reason to decline or cancel, not to accept', () => {
    expect(transition('dispatched', 'decline', 'provider', '  ')).toEqual({ ok: false, error: 'reason_required' });
    expect(transition('submitted', 'cancel', 'resident', null)).toEqual({ ok: false, error: 'reason_required' });
    expect(transition('dispatched', 'accept', 'provider')).toEqual({ ok: true, to: 'accepted' });
  });

  it('closed and cancelled are final for everyone', () => {
    for (const side of SIDES) {
      expect(eventsFor('closed', side)).toEqual([]);
      expect(eventsFor('cancelled', side)).toEqual([]);
    }
  });

  it('offers each side only its buttons', () => {
    expect(eventsFor('submitted', 'resident')).toEqual(['cancel']);
    expect(eventsFor('submitted', 'concierge')).toEqual(['dispatch', 'cancel']);
    expect(eventsFor('dispatched', 'provider')).toEqual(['accept', 'decline']);
    expect(eventsFor('accepted', 'provider')).toEqual(['decline', 'complete']);
  });

  it('flags an open request late past its target delay, never a finished one', () => {
    const created = new Date('2026-12-01T10:00:00Z');
    expect(isLate('dispatched', created, 48, new Date('2026-12-03T10:00:01Z'))).toBe(true);
    expect(isLate('dispatched', created, 48, new Date('2026-12-03T09:59:59Z'))).toBe(false);
    expect(isLate('done', created, 48, new Date('2026-12-09T00:00:00Z'))).toBe(false);
    expect(isLate('closed', created, 48, new Date('2026-12-09T00:00:00Z'))).toBe(false);
  });
});
