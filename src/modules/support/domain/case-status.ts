import type { Machine } from './transitions.js';

export const CASE_STATUSES = ['open', 'ready', 'on_agenda', 'decided', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseEvent = 'nominate' | 'withdraw' | 'schedule' | 'decide' | 'adjourn' | 'correct' | 'close';

/**
 * A case's life. Only rent-aid cases go through the commission (nominate → schedule → decide);
 * other programmes go from open to closed through their own stages.
 */
export const CASE_MACHINE: Machine<CaseStatus, CaseEvent> = {
  open: { nominate: 'ready', close: 'closed' },
  ready: { withdraw: 'open', schedule: 'on_agenda', close: 'closed' },
  on_agenda: { decide: 'decided', adjourn: 'ready' },
  decided: { correct: 'on_agenda', close: 'closed' },
  closed: {},
};
