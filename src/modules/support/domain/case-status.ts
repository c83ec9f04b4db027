import type { Machine } from './transitions.js';

export type CaseStatus = 'open' | 'closed';
export type CaseEvent = 'close' | 'reopen';

/** A case is followed until it is closed with an outcome; a closed case may be reopened while still kept. */
export const CASE_MACHINE: Machine<CaseStatus, CaseEvent> = {
  open: { close: 'closed' },
  closed: { reopen: 'open' },
};

export const DOSSIER_STATUSES = ['ready', 'on_agenda', 'decided', 'withdrawn'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];
export type DossierEvent = 'withdraw' | 'schedule' | 'decide' | 'adjourn' | 'correct';

/**
 * A rent-aid dossier before the commission. It lives apart from the case so commission members
 * can move it (schedule, decide) without ever reading the case itself.
 */
export const DOSSIER_MACHINE: Machine<DossierStatus, DossierEvent> = {
  ready: { withdraw: 'withdrawn', schedule: 'on_agenda' },
  on_agenda: { decide: 'decided', adjourn: 'ready' },
  decided: { correct: 'on_agenda' },
  withdrawn: {},
};
