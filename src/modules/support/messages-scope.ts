/** A programme's scope after opening (scope edits, households that moved; the board's mark and the move-out e-mail) and the "new case" form's search by programme. French first. */
export const messages = {
  fr: {
    'support.scope.currentTitle': 'Accompagnements en cours hors du périmètre',
    'support.scope.proposedTitle': 'Accompagnements en cours hors du nouveau périmètre',
    'support.scope.currentCount':
      '{count, plural, one {# accompagnement en cours concerne un foyer qui n’habite pas une résidence concernée par ce programme.} other {# accompagnements en cours concernent des foyers qui n’habitent pas une résidence concernée par ce programme.}}',
    'support.scope.proposedCount':
      '{count, plural, one {Avec ces résidences, # accompagnement en cours sortirait du périmètre du programme.} other {Avec ces résidences, # accompagnements en cours sortiraient du périmètre du programme.}}',
    'support.scope.keepOpen': 'Ils restent ouverts : leurs conseillers voient un avertissement sur le dossier et décident de le poursuivre ou de le clore.',
    'support.scope.reason.outside': 'le foyer habite une autre résidence',
    'support.scope.reason.noDwelling': 'le foyer n’a plus de logement en cours',
    'support.scope.confirmLabel': 'Confirmation du périmètre',
    'support.scope.confirm': 'Enregistrer ces résidences quand même (les accompagnements listés restent ouverts)',
    'support.scope.confirmNeeded': 'Ces résidences laisseraient des accompagnements en cours hors du programme : cochez la case pour confirmer, ou gardez les résidences qu’ils concernent.',
    'support.scope.caseOutside':
      'Ce foyer n’habite plus une résidence concernée par ce programme (il a déménagé, ou les résidences du programme ont changé). L’accompagnement reste ouvert : à vous de décider de le poursuivre ou de le clore.',
    'support.scope.caseNoDwelling':
      'Ce programme ne concerne que certaines résidences, et ce foyer n’a plus de logement en cours dans le patrimoine. L’accompagnement reste ouvert : à vous de décider de le poursuivre ou de le clore.',
    'support.board.outOfScopeTitle': 'Hors du périmètre du programme',
    'support.board.outOfScopeCount':
      '{count, plural, one {# accompagnement en cours concerne un foyer qui n’habite plus une résidence concernée par son programme.} other {# accompagnements en cours concernent des foyers qui n’habitent plus une résidence concernée par leur programme.}}',
    'support.board.outOfScopeTodo':
      'À faire : clore l’accompagnement, ou le transférer vers un programme qui couvre la résidence actuelle du foyer (sur sa page, « Transférer vers un autre programme »).',
    'support.board.outOfScopeMark': 'hors du périmètre du programme',
    'support.moveOut.subject': 'Palier : un foyer que vous accompagnez quitte son logement',
    'support.moveOut.text':
      'Bonjour,\n\nLe registre des locations indique que le foyer d’un accompagnement que vous suivez quitte son logement. Ouvrez le dossier pour décider de la suite :\n{link}\n\nCe message ne contient volontairement aucun détail.',
    'support.moveOut.sms': 'Palier : un foyer que vous accompagnez quitte son logement. Voir le dossier sur Palier.',
    'support.scopeEdit.subject': 'Palier : le périmètre d’un programme a changé',
    'support.scopeEdit.text':
      'Bonjour,\n\nLes résidences du programme « {programme} » ont changé : {count, plural, one {un accompagnement que vous suivez concerne} other {# accompagnements que vous suivez concernent}} désormais un foyer hors de son périmètre. {count, plural, one {Il reste ouvert} other {Ils restent ouverts}} : ouvrez le dossier pour décider de la suite.\n{links}\n\nCe message ne contient volontairement aucun autre détail.',
    'support.scopeEdit.textSensitive':
      'Bonjour,\n\nLes résidences d’un programme ont changé : {count, plural, one {un accompagnement que vous suivez concerne} other {# accompagnements que vous suivez concernent}} désormais un foyer hors de son périmètre. {count, plural, one {Il reste ouvert} other {Ils restent ouverts}} : ouvrez le dossier pour décider de la suite.\n{links}\n\nCe message ne contient volontairement aucun détail.',
    'support.scopeEdit.sms': 'Palier : le périmètre d’un programme a changé pour un accompagnement que vous suivez. Voir le tableau de bord sur Palier.',
    'support.moveOut.managerSubject': 'Palier : un foyer d’un programme que vous gérez quitte son logement',
    'support.moveOut.managerText':
      'Bonjour,\n\nLe registre des locations indique que le foyer d’un accompagnement d’un programme que vous gérez quitte son logement. Ouvrez le dossier pour voir la suite :\n{link}\n\nCe message ne contient volontairement aucun détail.',
    'support.moveOut.managerSms': 'Palier : un foyer d’un programme que vous gérez quitte son logement. Voir le dossier sur Palier.',
    'support.newCase.programmeFirst': 'Choisissez d’abord le programme : la recherche ne montre alors que les foyers des résidences qu’il concerne.',
    'support.newCase.anyProgramme': 'Tous les programmes',
    'support.newCase.householdsInScope': 'Seuls les foyers des résidences concernées par « {programme} » sont proposés.',
    'support.newCase.noHousehold': 'Aucun foyer ne correspond à cette recherche.',
    'support.newCase.eligibilityTitle': 'Éligibilité — {programme}',
    'support.newCase.eligibilityHint': 'Facultatif : répondez dès maintenant, ou plus tard sur le dossier.',
    'support.newCase.chooseToAnswer': 'Pour répondre aux questions d’éligibilité dès l’ouverture, choisissez le programme :',
    'support.newCase.answerFor': 'Répondre aux questions de « {programme} »',
    'support.eligibility.otherProgramme': 'Ces réponses portaient sur les questions d’un autre programme : répondez à celles du programme choisi.',
  },
  en: {
    'support.scope.currentTitle': 'Open cases outside the scope',
    'support.scope.proposedTitle': 'Open cases outside the new scope',
    'support.scope.currentCount':
      '{count, plural, one {# open case is about a household that does not live in a residence this programme applies to.} other {# open cases are about households that do not live in a residence this programme applies to.}}',
    'support.scope.proposedCount': '{count, plural, one {With these residences, # open case would fall outside the programme’s scope.} other {With these residences, # open cases would fall outside the programme’s scope.}}',
    'support.scope.keepOpen': 'They stay open: their advisers see a warning on the case and decide whether to go on or close it.',
    'support.scope.reason.outside': 'the household lives in another residence',
    'support.scope.reason.noDwelling': 'the household no longer has a current dwelling',
    'support.scope.confirmLabel': 'Scope confirmation',
    'support.scope.confirm': 'Save these residences anyway (the cases listed stay open)',
    'support.scope.confirmNeeded': 'These residences would leave open cases outside the programme: tick the box to confirm, or keep the residences they concern.',
    'support.scope.caseOutside':
      'This household no longer lives in a residence this programme applies to (it moved, or the programme’s residences changed). The case stays open: it is for you to decide whether to go on or close it.',
    'support.scope.caseNoDwelling':
      'This programme applies only to some residences, and this household no longer has a current dwelling with the landlord. The case stays open: it is for you to decide whether to go on or close it.',
    'support.board.outOfScopeTitle': 'Outside the programme’s scope',
    'support.board.outOfScopeCount':
      '{count, plural, one {# open case is about a household that no longer lives in a residence its programme applies to.} other {# open cases are about households that no longer live in a residence their programme applies to.}}',
    'support.board.outOfScopeTodo': 'To do: close the case, or transfer it to a programme that covers the household’s current residence (on its page, “Transfer to another programme”).',
    'support.board.outOfScopeMark': 'outside the programme’s scope',
    'support.moveOut.subject': 'Palier: a household you support is leaving its dwelling',
    'support.moveOut.text':
      'Hello,\n\nThe tenancy register shows that the household of a case you follow is leaving its dwelling. Open the case to decide what comes next:\n{link}\n\nThis message deliberately gives no detail.',
    'support.moveOut.sms': 'Palier: a household you support is leaving its dwelling. See the case on Palier.',
    'support.scopeEdit.subject': 'Palier: a programme’s scope has changed',
    'support.scopeEdit.text':
      'Hello,\n\nThe residences of the programme “{programme}” have changed: {count, plural, one {a case you follow is} other {# cases you follow are}} now about a household outside its scope. {count, plural, one {It stays} other {They stay}} open: open the case to decide what comes next.\n{links}\n\nThis message deliberately gives no other detail.',
    'support.scopeEdit.textSensitive':
      'Hello,\n\nThe residences of a programme have changed: {count, plural, one {a case you follow is} other {# cases you follow are}} now about a household outside its scope. {count, plural, one {It stays} other {They stay}} open: open the case to decide what comes next.\n{links}\n\nThis message deliberately gives no detail.',
    'support.scopeEdit.sms': 'Palier: a programme’s scope has changed for a case you follow. See your board on Palier.',
    'support.moveOut.managerSubject': 'Palier: a household of a programme you manage is leaving its dwelling',
    'support.moveOut.managerText':
      'Hello,\n\nThe tenancy register shows that the household of a case in a programme you manage is leaving its dwelling. Open the case to see what comes next:\n{link}\n\nThis message deliberately gives no detail.',
    'support.moveOut.managerSms': 'Palier: a household of a programme you manage is leaving its dwelling. See the case on Palier.',
    'support.newCase.programmeFirst': 'Choose the programme first: the search then shows only the households of the residences it applies to.',
    'support.newCase.anyProgramme': 'All programmes',
    'support.newCase.householdsInScope': 'Only the households of the residences “{programme}” applies to are offered.',
    'support.newCase.noHousehold': 'No household matches this search.',
    'support.newCase.eligibilityTitle': 'Eligibility — {programme}',
    'support.newCase.eligibilityHint': 'Optional: answer now, or later on the case.',
    'support.newCase.chooseToAnswer': 'To answer the eligibility questions when opening, choose the programme:',
    'support.newCase.answerFor': 'Answer the questions of “{programme}”',
    'support.eligibility.otherProgramme': 'These answers were to another programme’s questions: answer those of the programme chosen.',
  },
};
