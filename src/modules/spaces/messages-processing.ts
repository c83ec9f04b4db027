/** Shared spaces' lines in the record of processing activities (French first, English with the same keys). */
export const processingMessages = {
  fr: {
    'spaces.processing.bookings.purpose':
      'Réserver les espaces partagés (coworking, salles communes, matériel) sans double réservation : ménage et personne qui réserve, créneau, motif déclaré, règlement accepté, liste d’attente, présence, rappels et agenda personnel',
    'spaces.processing.bookings.retention':
      'Le temps de l’usage et des bilans annuels de l’espace ; suppression manuelle : aucune durée appliquée par Palier aujourd’hui',
    'spaces.processing.keys.purpose':
      'Confier les salles communes à des habitants référents : qui est référent et par quel canal le joindre, à qui la clé a été remise et quand elle est rendue',
    'spaces.processing.keys.retention':
      'Référents : tant qu’ils sont nommés. Remises de clés : le temps de vérifier le retour ; suppression manuelle (aucune durée appliquée par Palier)',
    'spaces.processing.gardens.purpose':
      'Attribuer les parcelles des jardins partagés par saison : candidatures des ménages, tirage au sort, attributions et renouvellements',
    'spaces.processing.gardens.retention':
      'La saison et la suivante (pour proposer le renouvellement) ; suppression manuelle (aucune durée appliquée par Palier)',
    'spaces.processing.support.purpose':
      'Tenir le journal de l’accompagnement au coworking (recherche d’emploi, CV, démarches, création d’activité) et en rendre compte aux financeurs, qui ne reçoivent que des nombres ; la personne peut rester anonyme',
    'spaces.processing.support.retention':
      'Le temps du programme et du compte rendu aux financeurs ; suppression manuelle (aucune durée appliquée par Palier)',
    'spaces.processing.recipients.staff': 'Équipes de l’organisation qui gèrent les espaces',
    'spaces.processing.recipients.outside.stewards': 'Habitants référents de la salle concernée (les demandes de leur salle seulement)',
    'spaces.processing.recipients.coworking': 'Animateurs, concierges, responsables de programmes et administrateurs qui tiennent le coworking',
  },
  en: {
    'spaces.processing.bookings.purpose':
      'Book shared spaces (coworkings, common rooms, equipment) without double bookings: the household and the person booking, the slot, the stated purpose, house rules accepted, waiting list, check-in, reminders and personal calendar',
    'spaces.processing.bookings.retention':
      'For the use and the space’s yearly reports; manual deletion: no period applied by Palier today',
    'spaces.processing.keys.purpose':
      'Entrust common rooms to resident stewards: who is a steward and how to reach them, to whom a key was handed and when it comes back',
    'spaces.processing.keys.retention':
      'Stewards: while they are named. Key hand-overs: as long as needed to check the return; manual deletion (no period applied by Palier)',
    'spaces.processing.gardens.purpose':
      'Allocate shared-garden plots each season: households’ applications, the draw, allocations and renewals',
    'spaces.processing.gardens.retention':
      'The season and the next one (to offer renewal); manual deletion (no period applied by Palier)',
    'spaces.processing.support.purpose':
      'Keep the coworking’s support log (job search, CV, procedures, starting an activity) and report to funders, who receive numbers only; the person may stay anonymous',
    'spaces.processing.support.retention':
      'For the programme and the report to funders; manual deletion (no period applied by Palier)',
    'spaces.processing.recipients.staff': 'The organisation’s staff who run the spaces',
    'spaces.processing.recipients.outside.stewards': 'Resident stewards of the room concerned (that room’s requests only)',
    'spaces.processing.recipients.coworking': 'The facilitators, concierges, programme managers and administrators who run the coworking',
  },
};
