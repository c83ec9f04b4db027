import { describe, expect, it } from 'vitest';
import { audienceRefusal } from './audience.js';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const R1 = '00000000-0000-4000-8000-0000000000a1';
const R2 = '00000000-0000-4000-8000-0000000000a2';
const rule = (audience: string, plans: string[] = [], residences: string[] = []) => ({ audience, audience_plan_ids: plans, audience_residence_ids: residences });

describe('who can order a service', () => {
  it('every subscriber, online and at the counter', () => {
    expect(audienceRefusal(rule('subscribers'), { planId: P1, residenceId: R1 }, 'online')).toBeNull();
    expect(audienceRefusal(rule('subscribers'), { planId: P1, residenceId: R1 }, 'counter')).toBeNull();
  });
  it('subscribers of given plans only, by either way', () => {
    expect(audienceRefusal(rule('plans', [P1]), { planId: P1, residenceId: R1 }, 'online')).toBeNull();
    expect(audienceRefusal(rule('plans', [P1]), { planId: P2, residenceId: R1 }, 'online')).toBe('concierge.audience.refused.plans');
    expect(audienceRefusal(rule('plans', [P1]), { planId: P2, residenceId: R1 }, 'counter')).toBe('concierge.audience.refused.plans');
    // Not subscribed yet: the catalogue still shows what a subscription opens.
    expect(audienceRefusal(rule('plans', [P1]), { planId: null, residenceId: R1 }, 'online')).toBeNull();
  });
  it('residents of given residences only', () => {
    expect(audienceRefusal(rule('residences', [], [R1]), { planId: P1, residenceId: R1 }, 'online')).toBeNull();
    expect(audienceRefusal(rule('residences', [], [R1]), { planId: P1, residenceId: R2 }, 'counter')).toBe('concierge.audience.refused.residences');
  });
  it('staff only: at the counter, never online; an unknown rule refuses', () => {
    expect(audienceRefusal(rule('staff'), { planId: P1, residenceId: R1 }, 'online')).toBe('concierge.audience.refused.staff');
    expect(audienceRefusal(rule('staff'), { planId: P1, residenceId: R1 }, 'counter')).toBeNull();
    expect(audienceRefusal(rule('everyone'), { planId: P1, residenceId: R1 }, 'counter')).not.toBeNull();
  });
});
