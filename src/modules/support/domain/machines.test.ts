import { describe, expect, it } from 'vitest';
import { CASE_MACHINE, type CaseEvent, type CaseStatus, DOSSIER_MACHINE, DOSSIER_STATUSES, type DossierEvent } from './case-status.js';
import { canSign, checkVote, SESSION_MACHINE, type SessionEvent, type SessionStatus } from './session-status.js';
import { ADAPTATION_MACHINE, type AdaptationEvent, type AdaptationStage, initialStage, LEASE_MACHINE, type LeaseEvent, type LeaseStage, TRANSFER_MACHINE, type TransferEvent, type TransferStage } from './stages.js';
import { allowedEvents, type Machine, next } from './transitions.js';

/** Checks the whole table: each allowed pair leads where stated, every other pair is refused. */
function checkAll<S extends string, E extends string>(m: Machine<S, E>, states: readonly S[], events: readonly E[], allowed: [S, E, S][]) {
  for (const s of states) {
    for (const e of events) {
      const want = allowed.find(([from, ev]) => from === s && ev === e);
      const got = next(m, s, e);
      if (want) expect(got, `${s} --${e}`).toEqual({ ok: true, to: want[2] });
      else expect(got, `${s} --${e}`).toEqual({ ok: false, error: 'support.transition.refused' });
    }
  }
}

describe('state machines: every allowed and every refused transition', () => {
  it('cases', () => {
    checkAll(CASE_MACHINE, ['open', 'closed'] as CaseStatus[], ['close', 'reopen'] as CaseEvent[], [
      ['open', 'close', 'closed'],
      ['closed', 'reopen', 'open'],
    ]);
  });

  it('rent-aid dossiers', () => {
    const events: DossierEvent[] = ['withdraw', 'schedule', 'decide', 'adjourn', 'correct'];
    checkAll(DOSSIER_MACHINE, DOSSIER_STATUSES, events, [
      ['ready', 'withdraw', 'withdrawn'],
      ['ready', 'schedule', 'on_agenda'],
      ['on_agenda', 'decide', 'decided'],
      ['on_agenda', 'adjourn', 'ready'],
      ['decided', 'correct', 'on_agenda'],
    ]);
    expect(allowedEvents(DOSSIER_MACHINE, 'withdrawn')).toEqual([]);
  });

  it('commission sessions', () => {
    const states: SessionStatus[] = ['planned', 'open', 'signed'];
    const events: SessionEvent[] = ['open', 'sign'];
    checkAll(SESSION_MACHINE, states, events, [
      ['planned', 'open', 'open'],
      ['open', 'sign', 'signed'],
    ]);
  });

  it('sliding leases', () => {
    const states: LeaseStage[] = ['entry', 'review_3m', 'review_6m', 'slide_decision', 'slid', 'other_outcome'];
    const events: LeaseEvent[] = ['review_3m', 'review_6m', 'decide', 'slide', 'end'];
    checkAll(LEASE_MACHINE, states, events, [
      ['entry', 'review_3m', 'review_3m'],
      ['entry', 'end', 'other_outcome'],
      ['review_3m', 'review_6m', 'review_6m'],
      ['review_3m', 'end', 'other_outcome'],
      ['review_6m', 'decide', 'slide_decision'],
      ['review_6m', 'end', 'other_outcome'],
      ['slide_decision', 'slide', 'slid'],
      ['slide_decision', 'end', 'other_outcome'],
    ]);
  });

  it('transfers with accompanied self-renovation', () => {
    const states: TransferStage[] = ['transfer_requested', 'diagnosis', 'works_plan', 'self_renovated', 'moved', 'transfer_dropped'];
    const events: TransferEvent[] = ['diagnose', 'plan_works', 'finish_works', 'move', 'drop'];
    checkAll(TRANSFER_MACHINE, states, events, [
      ['transfer_requested', 'diagnose', 'diagnosis'],
      ['transfer_requested', 'drop', 'transfer_dropped'],
      ['diagnosis', 'plan_works', 'works_plan'],
      ['diagnosis', 'move', 'moved'],
      ['diagnosis', 'drop', 'transfer_dropped'],
      ['works_plan', 'finish_works', 'self_renovated'],
      ['works_plan', 'drop', 'transfer_dropped'],
      ['self_renovated', 'move', 'moved'],
      ['self_renovated', 'drop', 'transfer_dropped'],
    ]);
    expect(initialStage('transfer')).toBe('transfer_requested');
  });

  it('housing adaptations', () => {
    const states: AdaptationStage[] = ['requested', 'assessed', 'works_decided', 'works_done', 'declined'];
    const events: AdaptationEvent[] = ['assess', 'decide_works', 'complete', 'decline'];
    checkAll(ADAPTATION_MACHINE, states, events, [
      ['requested', 'assess', 'assessed'],
      ['requested', 'decline', 'declined'],
      ['assessed', 'decide_works', 'works_decided'],
      ['assessed', 'decline', 'declined'],
      ['works_decided', 'complete', 'works_done'],
    ]);
  });
});

describe('commission votes and signature', () => {
  const v = (f: number, a: number, x = 0) => ({ for: f, against: a, abstain: x });
  it('needs the quorum of members present', () => {
    expect(checkVote(2, 3, v(2, 0), 'granted')).toBe('support.rule.quorum');
    expect(checkVote(3, 3, v(3, 0), 'granted')).toBeNull();
  });
  it('refuses more votes than members present, or negative counts', () => {
    expect(checkVote(3, 3, v(3, 1), 'granted')).toBe('support.rule.votes');
    expect(checkVote(3, 3, v(-1, 0), 'granted')).toBe('support.rule.votes');
  });
  it('needs a majority for a grant or a refusal, none for an adjournment', () => {
    expect(checkVote(4, 3, v(2, 2), 'granted')).toBe('support.rule.majority');
    expect(checkVote(4, 3, v(2, 2), 'refused')).toBe('support.rule.majority');
    expect(checkVote(4, 3, v(1, 3), 'refused')).toBeNull();
    expect(checkVote(4, 3, v(0, 0), 'adjourned')).toBeNull();
  });
  it('signs only an open session whose every dossier is decided', () => {
    expect(canSign('open', 3, 2)).toBe('support.rule.undecided');
    expect(canSign('planned', 0, 0)).toBe('support.transition.refused');
    expect(canSign('signed', 1, 1)).toBe('support.transition.refused');
    expect(canSign('open', 3, 3)).toBeNull();
  });
});
