/** Strings of the organisation's support defaults, session moves and partner proposals' notices. */
export const messages = {
  fr: {
    'support.nav.settings': 'Réglages de l’accompagnement',
    'support.settings.title': 'Réglages de l’accompagnement',
    'support.settings.intro':
      'Durée de conservation par défaut des dossiers d’accompagnement clos, pour les programmes qui n’ont pas fixé la leur. Chaque nuit, les dossiers clos depuis plus longtemps (à compter du dernier contact ou de la clôture, selon le programme) sont anonymisés ou supprimés, sauf gel.',
    'support.settings.current': 'Durée actuelle : {months} mois (modifiée le {date}).',
    'support.settings.builtIn': 'Durée actuelle : {months} mois (valeur prévue par Palier, jamais modifiée).',
    'support.settings.following': '{count, plural, =0 {Aucun programme ne la suit pour l’instant.} one {Un programme la suit.} other {# programmes la suivent.}}',
    'support.settings.retentionMonths': 'Conserver les dossiers clos pendant (mois)',
    'support.settings.retentionHint': 'Entre 1 et 120 mois. Par défaut : 24 mois.',
    'support.settings.retentionRange': 'Indiquez un nombre entier de mois entre 1 et 120.',
    'support.settings.save': 'Enregistrer',
    'support.settings.saved': 'La durée de conservation par défaut est enregistrée.',
    'support.session.movedSubject': 'Palier : séance de commission déplacée au {date, date, long}',
    'support.session.movedText':
      'Bonjour,\n\nLa séance de commission du {from, date, long}, dont vous êtes membre, est déplacée au {date, date, long}.\n\nVoir la séance : {link}\n\nCe message ne contient volontairement aucun détail des dossiers.',
    'support.proposal.notice.proposed.subject': 'Palier : {partner} propose un candidat',
    'support.proposal.notice.proposed.text':
      'Bonjour,\n\n{partner} a proposé un candidat au titre de son engagement {year}.\n\nVoir les candidats proposés et répondre : {link}\n\nCe message ne contient volontairement aucun détail du candidat.',
    'support.proposal.notice.withdrawn.subject': 'Palier : {partner} retire un candidat',
    'support.proposal.notice.withdrawn.text':
      'Bonjour,\n\n{partner} a retiré un candidat qu’il avait proposé au titre de son engagement {year} ; il n’attend plus de réponse.\n\nVoir les candidats proposés : {link}\n\nCe message ne contient volontairement aucun détail du candidat.',
    'support.proposal.notice.answered.subject': 'Palier : {landlord} a répondu à votre proposition',
    'support.proposal.notice.answered.text':
      'Bonjour,\n\n{landlord} a répondu à un candidat que vous avez proposé au titre de l’engagement {year} : {answer, select, allocate {une place lui est attribuée} other {il n’est pas retenu}}.\n\nVoir vos propositions : {link}\n\nCe message ne contient volontairement aucun détail du candidat.',
    'support.team.notSensitive': 'Une équipe nommée ne se constitue que pour un programme sensible ou très sensible. Sur ce programme, seuls les conseillers affectés à un dossier et vous le voyez.',
    'support.proposal.withdraw': 'Retirer {ref}',
    'support.proposal.withdrawn': 'La proposition est retirée.',
    'support.proposal.status.withdrawn': 'Retiré par le partenaire',
    'support.lower.confirmLabel': 'Passage en sensibilité normale',
    'support.lower.confirmNeeded':
      'Ce programme a une équipe nommée : un programme normal n’en a pas. En le passant en « normal », l’équipe est retirée et ses membres ne voient plus que les accompagnements qui leur sont attribués. Cochez la case pour confirmer, ou gardez la sensibilité.',
    'support.lower.confirm': 'Passer le programme en « normal » et retirer son équipe nommée',
    'support.lower.seeTeam': 'Voir qui est dans l’équipe nommée',
    'support.session.movedSms': 'Palier : la séance de commission du {from, date, long} est déplacée au {date, date, long}.',
  },
  en: {
    'support.nav.settings': 'Support settings',
    'support.settings.title': 'Support settings',
    'support.settings.intro':
      'Default retention of closed support cases, for programmes that set no period of their own. Every night, cases closed for longer (counted from the last contact or the closure, as the programme says) are anonymised or deleted, unless held.',
    'support.settings.current': 'Current period: {months} months (changed on {date}).',
    'support.settings.builtIn': 'Current period: {months} months (Palier’s default, never changed).',
    'support.settings.following': '{count, plural, =0 {No programme follows it yet.} one {One programme follows it.} other {# programmes follow it.}}',
    'support.settings.retentionMonths': 'Keep closed cases for (months)',
    'support.settings.retentionHint': 'Between 1 and 120 months. Default: 24 months.',
    'support.settings.retentionRange': 'Enter a whole number of months between 1 and 120.',
    'support.settings.save': 'Save',
    'support.settings.saved': 'The default retention period is saved.',
    'support.session.movedSubject': 'Palier: commission session moved to {date, date, long}',
    'support.session.movedText':
      'Hello,\n\nThe commission session of {from, date, long}, of which you are a member, is moved to {date, date, long}.\n\nSee the session: {link}\n\nThis message deliberately holds no detail of the dossiers.',
    'support.proposal.notice.proposed.subject': 'Palier: {partner} proposes an applicant',
    'support.proposal.notice.proposed.text':
      'Hello,\n\n{partner} proposed an applicant under its {year} commitment.\n\nSee the proposed applicants and answer: {link}\n\nThis message deliberately holds no detail of the applicant.',
    'support.proposal.notice.withdrawn.subject': 'Palier: {partner} withdraws an applicant',
    'support.proposal.notice.withdrawn.text':
      'Hello,\n\n{partner} withdrew an applicant it had proposed under its {year} commitment; no answer is expected any more.\n\nSee the proposed applicants: {link}\n\nThis message deliberately holds no detail of the applicant.',
    'support.proposal.notice.answered.subject': 'Palier: {landlord} answered your proposal',
    'support.proposal.notice.answered.text':
      'Hello,\n\n{landlord} answered an applicant you proposed under the {year} commitment: {answer, select, allocate {a place is allocated} other {not taken up}}.\n\nSee your proposals: {link}\n\nThis message deliberately holds no detail of the applicant.',
    'support.team.notSensitive': 'A named team is formed only for a sensitive or highly sensitive programme. On this programme, only the advisers assigned to a case and you see it.',
    'support.proposal.withdraw': 'Withdraw {ref}',
    'support.proposal.withdrawn': 'The proposal is withdrawn.',
    'support.proposal.status.withdrawn': 'Withdrawn by the partner',
    'support.lower.confirmLabel': 'Lowering to normal sensitivity',
    'support.lower.confirmNeeded':
      'This programme has a named team: a normal programme has none. Lowered to “normal”, the team is removed and its members see only the cases they are assigned to. Tick the box to confirm, or keep the sensitivity.',
    'support.lower.confirm': 'Lower the programme to “normal” and remove its named team',
    'support.lower.seeTeam': 'See who is in the named team',
    'support.session.movedSms': 'Palier: the commission session of {from, date, long} is moved to {date, date, long}.',
  },
};
