/** Where a residents' proposal stands; every change is a dated public answer of the landlord. */
export const PROPOSAL_STATUSES = ['received', 'under_study', 'accepted', 'in_progress', 'done', 'refused'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

// A proposal moves forward; a refused one may be studied again when new facts arrive, a done one is closed.
const NEXT: Record<ProposalStatus, ProposalStatus[]> = {
  received: ['under_study', 'accepted', 'refused'],
  under_study: ['under_study', 'accepted', 'refused'],
  accepted: ['accepted', 'in_progress', 'done', 'refused'],
  in_progress: ['in_progress', 'done'],
  done: [],
  refused: ['under_study'],
};

export function allowedNext(from: ProposalStatus): ProposalStatus[] {
  return NEXT[from];
}

/**
 * Checks an answer before it is published: the move must be allowed, and an answer always says
 * something to residents — a refusal must give its reason. Returns field → message key.
 */
export function answerProblems(from: ProposalStatus, to: ProposalStatus, body: string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!NEXT[from].includes(to)) problems.status = 'community.answer.badTransition';
  if (body.trim().length === 0) problems.body = to === 'refused' ? 'community.answer.reasonRequired' : 'form.required';
  return problems;
}

/** Statuses shown on the "you said, we did" board, in its columns. */
export function boardColumn(status: ProposalStatus): 'said' | 'studying' | 'doing' | 'done' | 'refused' {
  if (status === 'received') return 'said';
  if (status === 'under_study') return 'studying';
  if (status === 'accepted' || status === 'in_progress') return 'doing';
  return status;
}

/** Progress milestones are planned once a proposal is accepted, and while it is carried out. */
export function hasMilestones(status: ProposalStatus): boolean {
  return status === 'accepted' || status === 'in_progress';
}
