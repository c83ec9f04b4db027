// Strings of processes, proposals, answers, comments and moderation.
const fr = {
  'community.proposal.creditRequired': 'Indiquez la réunion ou la personne à l’origine de la proposition.',
  'community.proposal.closed': 'Cette démarche ne reçoit plus de propositions.',
  'community.support.already': 'Votre foyer soutient déjà cette proposition.',
  'community.support.closed': 'Cette proposition n’attend plus de soutiens.',
  'community.answer.badTransition': 'Ce changement de statut n’est pas possible.',
  'community.answer.reasonRequired': 'Un refus doit être expliqué : indiquez la raison.',
};

const en: Record<keyof typeof fr, string> = {
  'community.proposal.creditRequired': 'Name the meeting or the person the proposal comes from.',
  'community.proposal.closed': 'This process no longer takes proposals.',
  'community.support.already': 'Your household already supports this proposal.',
  'community.support.closed': 'This proposal no longer takes support.',
  'community.answer.badTransition': 'This change of status is not possible.',
  'community.answer.reasonRequired': 'A refusal must be explained: give the reason.',
};

export const proposalMessages = { fr, en };
