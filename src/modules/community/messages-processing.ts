/** Community life's lines in the record of processing activities (French first, English with the same keys). */
export const processingMessages = {
  fr: {
    'community.processing.registrations.purpose':
      'Organiser les activités : inscriptions, listes d’attente et demandes, appel de présence, rappels et agendas personnels ; pour les personnes sans compte, leur nom et le contact qu’elles donnent',
    'community.processing.registrations.retention':
      'Personnes sans compte : nom et contact effacés automatiquement 30 jours après l’activité (les nombres et la présence restent). Inscriptions des locataires : gardées avec l’activité, suppression manuelle (aucune durée appliquée par Palier)',
    'community.processing.participation.purpose':
      'Faire participer les habitants aux démarches de concertation : propositions, soutiens, commentaires, réponses du bailleur, signalements et modération',
    'community.processing.participation.retention':
      'Le temps de la démarche et de son bilan ; suppression manuelle (aucune durée appliquée par Palier), contenus masqués compris',
    'community.processing.photos.purpose':
      'Montrer la vie de la résidence par les photos des activités, prises seulement avec l’accord des personnes visibles, déclaré par l’organisateur',
    'community.processing.photos.retention':
      'Jusqu’au retrait par l’organisateur, à faire dès que l’accord est retiré ; aucune durée appliquée par Palier (manuel)',
    'community.processing.recipients.organisers': 'Équipes de l’organisation qui animent les activités et les démarches',
    'community.processing.recipients.outside.coOrganisers': 'Associations partenaires qui co-animent une activité',
    'community.processing.recipients.outside.residents': 'Habitants qui consultent les activités et les démarches (propositions et commentaires, photos des activités)',
  },
  en: {
    'community.processing.registrations.purpose':
      'Run activities: registrations, waiting lists and requests, roll call, reminders and personal calendars; for people without an account, their name and the contact they give',
    'community.processing.registrations.retention':
      'People without an account: name and contact erased automatically 30 days after the activity (counts and presence stay). Tenants’ registrations: kept with the activity, manual deletion (no period applied by Palier)',
    'community.processing.participation.purpose':
      'Involve residents in participation processes: proposals, supports, comments, the landlord’s answers, reports of abuse and moderation',
    'community.processing.participation.retention':
      'For the process and its review; manual deletion (no period applied by Palier), hidden content included',
    'community.processing.photos.purpose':
      'Show the residence’s life through photos of activities, taken only with the agreement of the people shown, as stated by the organiser',
    'community.processing.photos.retention':
      'Until the organiser removes them, to be done as soon as the agreement is withdrawn; no period applied by Palier (manual)',
    'community.processing.recipients.organisers': 'The organisation’s staff who run activities and processes',
    'community.processing.recipients.outside.coOrganisers': 'Partner associations co-running an activity',
    'community.processing.recipients.outside.residents': 'Residents who look at the activities and processes (proposals and comments, photos of activities)',
  },
};
