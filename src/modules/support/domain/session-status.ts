import type { Machine } from './transitions.js';

export type SessionStatus = 'planned' | 'open' | 'signed';
export type SessionEvent = 'open' | 'sign';

/** A commission session is planned, opened on the day (attendance, votes), then signed: its decisions freeze. */
export const SESSION_MACHINE: Machine<SessionStatus, SessionEvent> = {
  planned: { open: 'open' },
  open: { sign: 'signed' },
  signed: {},
};

export type Votes = { for: number; against: number; abstain: number };

/** Why a decision cannot be taken now: no quorum, or more votes than members present. */
export function checkVote(present: number, quorum: number, votes: Votes, outcome: 'granted' | 'adjourned' | 'refused'): string | null {
  if (present < quorum) return 'support.rule.quorum';
  const cast = votes.for + votes.against + votes.abstain;
  if ([votes.for, votes.against, votes.abstain].some((v) => !Number.isInteger(v) || v < 0) || cast > present) return 'support.rule.votes';
  // A grant or a refusal is carried by a majority of the votes cast; an adjournment needs none.
  if (outcome === 'granted' && votes.for <= votes.against) return 'support.rule.majority';
  if (outcome === 'refused' && votes.against <= votes.for) return 'support.rule.majority';
  return null;
}

/** A session can be signed only when every dossier on its agenda has a decision. */
export function canSign(status: SessionStatus, agenda: number, decided: number): string | null {
  if (status !== 'open') return 'support.transition.refused';
  if (decided < agenda) return 'support.rule.undecided';
  return null;
}
