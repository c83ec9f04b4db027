import { addDays, addMonths, daysBetween, type LocalDate } from './local-date.js';
import type { Machine } from './transitions.js';

/** Sliding lease: the association holds the lease until the family is ready to take it over (about 8–9 months). */
export type LeaseStage = 'entry' | 'review_3m' | 'review_6m' | 'slide_decision' | 'slid' | 'other_outcome';
export type LeaseEvent = 'review_3m' | 'review_6m' | 'decide' | 'slide' | 'end';
export const LEASE_MACHINE: Machine<LeaseStage, LeaseEvent> = {
  entry: { review_3m: 'review_3m', end: 'other_outcome' },
  review_3m: { review_6m: 'review_6m', end: 'other_outcome' },
  review_6m: { decide: 'slide_decision', end: 'other_outcome' },
  slide_decision: { slide: 'slid', end: 'other_outcome' },
  slid: {},
  other_outcome: {},
};

/** The milestones of a sliding lease from the family's entry; the slide is decided around the 8th–9th month. */
export function leaseMilestones(entryOn: LocalDate): { stage: LeaseStage; dueOn: LocalDate }[] {
  return [
    { stage: 'review_3m', dueOn: addMonths(entryOn, 3) },
    { stage: 'review_6m', dueOn: addMonths(entryOn, 6) },
    { stage: 'slide_decision', dueOn: addMonths(entryOn, 8) },
  ];
}

/** Housing adaptation (ageing, disability): request → partner expert's assessment → works decided → works done. */
export type AdaptationStage = 'requested' | 'assessed' | 'works_decided' | 'works_done' | 'declined';
export type AdaptationEvent = 'assess' | 'decide_works' | 'complete' | 'decline';
export const ADAPTATION_MACHINE: Machine<AdaptationStage, AdaptationEvent> = {
  requested: { assess: 'assessed', decline: 'declined' },
  assessed: { decide_works: 'works_decided', decline: 'declined' },
  works_decided: { complete: 'works_done' },
  works_done: {},
  declined: {},
};

/**
 * Transfer support (mutation with accompanied self-renovation, e.g. Mut'toit with the Compagnons
 * Bâtisseurs): the request, the diagnosis of the dwelling being left, the self-renovation works
 * planned then done with the household, and the move; or the transfer dropped. Reaching the
 * diagnosis or the works plan completes the programme's steps of the same name.
 */
export type TransferStage = 'transfer_requested' | 'diagnosis' | 'works_plan' | 'self_renovated' | 'moved' | 'transfer_dropped';
export type TransferEvent = 'diagnose' | 'plan_works' | 'finish_works' | 'move' | 'drop';
export const TRANSFER_MACHINE: Machine<TransferStage, TransferEvent> = {
  transfer_requested: { diagnose: 'diagnosis', drop: 'transfer_dropped' },
  // A dwelling in good order needs no works: the household may move straight after the diagnosis.
  diagnosis: { plan_works: 'works_plan', move: 'moved', drop: 'transfer_dropped' },
  works_plan: { finish_works: 'self_renovated', drop: 'transfer_dropped' },
  self_renovated: { move: 'moved', drop: 'transfer_dropped' },
  moved: {},
  transfer_dropped: {},
};

/** The kinds whose cases move through stages, and their machines. */
export const STAGE_MACHINES: Record<string, Machine<string, string>> = { sliding_lease: LEASE_MACHINE, housing_adaptation: ADAPTATION_MACHINE, transfer: TRANSFER_MACHINE };

/** Days spent between consecutive stages, from the stage history (oldest first). */
export function stageDelays(history: { stage: string; on: LocalDate }[]): { stage: string; days: number }[] {
  return history.slice(1).map((h, i) => ({ stage: h.stage, days: daysBetween(history[i].on, h.on) }));
}

/** Newcomer onboarding: the checklist followed with the household ("nouveaux entrants"). */
export const ONBOARDING_ITEMS = ['neighbourhood', 'building_rules', 'common_spaces', 'eco_gestures', 'energy_poverty', 'rent_debt', 'meet_staff'] as const;

/** The first stage of each programme kind that has stages. */
export function initialStage(kind: string): string | null {
  if (kind === 'sliding_lease') return 'entry';
  if (kind === 'housing_adaptation') return 'requested';
  if (kind === 'transfer') return 'transfer_requested';
  return null;
}

export type ProgrammeStep = { key: string; dueDays: number };

/** A case's timeline: each step of its programme falls due N days after opening. */
export function stepTimeline(openedOn: LocalDate, steps: ProgrammeStep[]): { key: string; dueOn: LocalDate }[] {
  return steps.map((s) => ({ key: s.key, dueOn: addDays(openedOn, s.dueDays) }));
}

/** Overdue: not done and its day is past. */
export function isOverdue(step: { dueOn: LocalDate; done: boolean }, today: LocalDate): boolean {
  return !step.done && step.dueOn < today;
}
