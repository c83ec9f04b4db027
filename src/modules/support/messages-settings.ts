/** Strings of the organisation's support defaults, session moves and partner proposals' notices. */
export const messages = {
  fr: {
    'support.nav.settings': 'Réglages de l’accompagnement',
    'support.settings.title': 'Réglages de l’accompagnement',
    'support.settings.intro':
      'Règle de conservation par défaut des dossiers d’accompagnement clos, pour les programmes qui n’ont pas fixé la leur. Chaque nuit, les dossiers clos depuis plus longtemps (à compter du dernier contact ou de la clôture, selon la règle ci-dessous) sont anonymisés ou supprimés, sauf gel.',
    'support.settings.current': 'Durée actuelle : {months} mois (modifiée le {date}).',
    'support.settings.builtIn': 'Durée actuelle : {months} mois (valeur prévue par Palier, jamais modifiée).',
    'support.settings.following': '{count, plural, =0 {Aucun programme ne la suit pour l’instant.} one {Un programme la suit.} other {# programmes la suivent.}}',
    'support.settings.retentionMonths': 'Conserver les dossiers clos pendant (mois)',
    'support.settings.retentionHint': 'Entre 1 et 24 mois (repère CNIL). Par défaut : 24 mois.',
    'support.settings.retentionRange': 'Indiquez un nombre entier de mois entre 1 et 24.',
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
    'support.settings.retentionFrom': 'À compter de',
    'support.settings.retentionAction': 'Puis',
    'support.settings.retentionActionHint': 'Un dossier lié à une décision de commission est toujours anonymisé, jamais supprimé (le procès-verbal et le fonds en gardent la trace).',
    'support.settings.retentionCeiling':
      'Au plus 24 mois : la CNIL recommande de ne pas conserver un dossier d’accompagnement social plus de 2 ans après le dernier contact. Un programme soumis à une autre obligation légale fixe sa propre durée sur sa page.',
    'support.settings.retentionFromInvalid': 'Choisissez le dernier contact ou la clôture du dossier.',
    'support.settings.retentionActionInvalid': 'Choisissez d’anonymiser ou de supprimer les dossiers.',
    'support.settings.cnil':
      'Cette règle s’applique en entier (durée, point de départ, action) aux programmes qui ne fixent pas leur propre durée. Repère CNIL : 2 ans au plus après le dernier contact pour les dossiers d’accompagnement social.',
    'support.session.movedSms': 'Palier : la séance de commission du {from, date, long} est déplacée au {date, date, long}.',
  },
  en: {
    'support.nav.settings': 'Support settings',
    'support.settings.title': 'Support settings',
    'support.settings.intro':
      'Default retention rule for closed support cases, for programmes that set no period of their own. Every night, cases closed for longer (counted from the last contact or the closure, as the rule below says) are anonymised or deleted, unless held.',
    'support.settings.current': 'Current period: {months} months (changed on {date}).',
    'support.settings.builtIn': 'Current period: {months} months (Palier’s default, never changed).',
    'support.settings.following': '{count, plural, =0 {No programme follows it yet.} one {One programme follows it.} other {# programmes follow it.}}',
    'support.settings.retentionMonths': 'Keep closed cases for (months)',
    'support.settings.retentionHint': 'Between 1 and 24 months (CNIL guidance). Default: 24 months.',
    'support.settings.retentionRange': 'Enter a whole number of months between 1 and 24.',
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
    'support.settings.retentionFrom': 'Counting from',
    'support.settings.retentionAction': 'Then',
    'support.settings.retentionActionHint': 'A case with a commission decision is always anonymised, never deleted (the minutes and the fund keep its record).',
    'support.settings.retentionCeiling':
      'At most 24 months: the CNIL advises keeping a social support case no longer than 2 years after the last contact. A programme under another legal obligation sets its own period on its page.',
    'support.settings.retentionFromInvalid': 'Choose the last contact or the closure of the case.',
    'support.settings.retentionActionInvalid': 'Choose to anonymise or to delete the cases.',
    'support.settings.cnil':
      'This rule applies as a whole (period, starting point, action) to programmes that set no period of their own. CNIL guidance: at most 2 years after the last contact for social support records.',
    'support.session.movedSms': 'Palier: the commission session of {from, date, long} is moved to {date, date, long}.',
  },
};
