/** The directory's lines in the record of processing activities (French first, English with the same keys). */
export const processingMessages = {
  fr: {
    'directory.processing.households.purpose':
      'Gérer le patrimoine et ses locataires : ménages, logement occupé et loyer, dates d’entrée et de sortie, coordonnées et canal de contact choisi, import et export avec le système d’information du bailleur',
    'directory.processing.households.retention':
      'Pendant l’occupation du logement ; après le départ, le temps des prescriptions applicables au bail, selon la règle fixée par l’organisation. Suppression manuelle : rien dans Palier ne l’applique aujourd’hui',
    'directory.processing.members.purpose': 'Savoir qui, dans les équipes de l’organisation, tient quel rôle et pour quelles résidences',
    'directory.processing.members.retention': 'Tant que la personne fait partie de l’équipe ; retrait fait à la main par un administrateur',
    'directory.processing.recipients.staff': 'Équipes de proximité et administrateurs de l’organisation',
    'directory.processing.recipients.outside.concierge':
      'Association partenaire d’une conciergerie : la fiche d’un seul ménage, sur sa référence exacte donnée par le locataire',
    'directory.processing.recipients.admins': 'Administrateurs de l’organisation',
  },
  en: {
    'directory.processing.households.purpose':
      'Manage the housing stock and its tenants: households, the dwelling they occupy and its rent, move-in and move-out dates, contact details and chosen channel, import and export with the landlord’s information system',
    'directory.processing.households.retention':
      'While the dwelling is occupied; after the move-out, for the limitation periods that apply to the lease, by the rule the organisation sets. Manual deletion: nothing in Palier applies it today',
    'directory.processing.members.purpose': 'Know who in the organisation’s teams holds which role, for which residences',
    'directory.processing.members.retention': 'As long as the person is part of the team; removed by hand by an administrator',
    'directory.processing.recipients.staff': 'Front-line staff and administrators of the organisation',
    'directory.processing.recipients.outside.concierge':
      'A partner association running a concierge: one household’s card, on the exact reference the tenant gives',
    'directory.processing.recipients.admins': 'The organisation’s administrators',
  },
};
