/** Support's lines in the record of processing activities (French first, English with the same keys). */
export const processingMessages = {
  fr: {
    'support.processing.cases.purpose':
      'Accompagner les ménages dans les programmes de l’organisation (accueil des nouveaux entrants, colocation, mutation…) : situation, étapes, notes, pièces, réponses aux critères',
    'support.processing.rentAid.purpose':
      'Instruire et décider l’aide sur quittance en commission : dossier pseudonymisé, séances, décisions, versements, quotas et compte du fonds',
    'support.processing.slidingLease.purpose':
      'Suivre les baux glissants : le ménage, le logement, le loyer et l’accompagnement jusqu’au glissement du bail de l’association au ménage',
    'support.processing.sensitive.purpose':
      'Accompagner dans les programmes sensibles (santé mentale, violences conjugales, adaptation du logement au handicap ou à l’âge), avec adresse confidentielle si besoin ; l’exception de l’article 9 du RGPD et l’information donnée à la personne sont fixées dans les réglages de chaque programme',
    'support.processing.referrals.purpose':
      'Orienter vers une association partenaire, sur Palier ou par une fiche imprimée, avec l’accord de la personne : seuls les champs qu’elle accepte de partager, pour un objet et jusqu’à une date',
    'support.processing.retention.cases':
      'Dossier ouvert : tant qu’il l’est. Dossier clos : 2 ans après le dernier contact puis anonymisé, par défaut (durée par défaut réglable par l’organisme, de 1 à 120 mois) ; durée, point de départ (clôture ou dernier contact) et action (anonymiser ou supprimer) réglables par programme ; une conservation pour raison légale suspend. Appliqué chaque nuit par Palier',
    'support.processing.retention.rentAid':
      'Comme les dossiers (2 ans après le dernier contact par défaut, réglable par l’organisme et par programme, appliqué chaque nuit), mais un dossier passé en commission est toujours anonymisé, jamais supprimé : décisions, procès-verbaux et compte du fonds restent, sans durée appliquée par Palier (manuel)',
    'support.processing.retention.referrals':
      'Le partenaire ne voit plus l’orientation après la date de fin d’accord (appliqué par la base de données) ; la copie partagée est vidée à l’anonymisation du dossier. Une fiche imprimée échappe à Palier',
    'support.processing.recipients.caseTeam': 'Conseillers affectés au dossier, équipe nommée et responsable du programme (ni les autres conseillers, ni les administrateurs)',
    'support.processing.recipients.outside.commission': 'Membres de la commission de la séance (dont l’association qui gère le fonds) : dossier pseudonymisé',
    'support.processing.recipients.outside.leaseAssociation': 'Association qui porte le bail glissant : ce qui lui est partagé par orientation, avec l’accord du ménage',
    'support.processing.recipients.namedOnly': 'Personnes nommées sur le dossier ; l’adresse confidentielle, seulement celles qu’on a désignées',
    'support.processing.recipients.outside.partners': 'Associations partenaires sur Palier : les champs partagés, jusqu’à la date de fin d’accord',
    'support.processing.recipients.outside.externalPartners': 'Associations hors Palier : la fiche imprimée ou le PDF remis, avec les seuls champs acceptés',
  },
  en: {
    'support.processing.cases.purpose':
      'Support households in the organisation’s programmes (welcoming newcomers, flat shares, transfers…): situation, steps, notes, documents, eligibility answers',
    'support.processing.rentAid.purpose':
      'Examine and decide rent aid in commission: pseudonymised dossier, sessions, decisions, instalments, quotas and the fund’s ledger',
    'support.processing.slidingLease.purpose':
      'Follow sliding leases: the household, the dwelling, the rent and the support until the lease slides from the association to the household',
    'support.processing.sensitive.purpose':
      'Support people in sensitive programmes (mental health, domestic violence, adapting the home to disability or age), with a confidential address when needed; the GDPR article 9 exception and the notice given to the person are set in each programme’s settings',
    'support.processing.referrals.purpose':
      'Refer a person to a partner association, on Palier or by a printed sheet, with their agreement: only the fields they agree to share, for a purpose and until a date',
    'support.processing.retention.cases':
      'Open case: while it is open. Closed case: 2 years after the last contact, then anonymised, by default (the default configurable by the organisation, 1 to 120 months); period, starting point (closure or last contact) and action (anonymise or delete) configurable per programme; a legal hold suspends it. Applied every night by Palier',
    'support.processing.retention.rentAid':
      'As cases (2 years after the last contact by default, configurable by the organisation and per programme, applied every night), but a case that went to commission is always anonymised, never deleted: decisions, minutes and the fund’s ledger stay, with no period applied by Palier (manual)',
    'support.processing.retention.referrals':
      'The partner no longer sees the referral after the agreement’s end date (enforced by the database); the shared copy is emptied when the case is anonymised. A printed sheet is out of Palier’s reach',
    'support.processing.recipients.caseTeam': 'Advisers assigned to the case, the named team and the programme’s manager (not other advisers, not administrators)',
    'support.processing.recipients.outside.commission': 'Members of the session’s commission (including the association that runs the fund): pseudonymised dossier',
    'support.processing.recipients.outside.leaseAssociation': 'The association holding the sliding lease: what is shared with it by referral, with the household’s agreement',
    'support.processing.recipients.namedOnly': 'People named on the case; the confidential address, only those designated',
    'support.processing.recipients.outside.partners': 'Partner associations on Palier: the shared fields, until the agreement’s end date',
    'support.processing.recipients.outside.externalPartners': 'Associations not on Palier: the printed sheet or PDF handed over, with the accepted fields only',
  },
};
