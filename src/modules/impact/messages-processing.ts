/** Impact's lines in the record of processing activities (French first, English with the same keys). */
export const processingMessages = {
  fr: {
    'impact.processing.indicators.purpose':
      'Mesurer l’action de l’organisation et en rendre compte aux financeurs : les indicateurs comptent les ménages, les logements occupés, les réservations et les inscriptions des autres modules, et reçoivent de l’accompagnement et de la conciergerie des chiffres déjà agrégés par ces modules (jamais un dossier ni un abonné). Personnel : les lignes lues pour compter ; ce qui sort (pages, CSV, XLSX, PDF) n’est que des nombres, toute case de moins de personnes que le seuil (11 par défaut, jamais moins de 5) étant masquée',
    'impact.processing.indicators.retention':
      'Rien n’est gardé : les chiffres sont recalculés à chaque lecture à partir des données des autres modules, qui ont leur propre durée',
    'impact.processing.network.purpose':
      'Comparer les membres d’un réseau sur des chiffres anonymisés que chaque membre choisit de partager : seuls le nombre de membres et les quartiles sortent, un membre n’est compté que si son chiffre repose sur au moins le seuil de ménages, jamais le nom d’un membre ni une ligne de ménage',
    'impact.processing.network.retention':
      'Rien n’est gardé hors du choix de partage : la comparaison est calculée à chaque lecture ; le partage s’arrête quand le membre le retire',
    'impact.processing.practices.purpose':
      'Partager les pratiques entre membres du réseau : la fiche nomme son auteur et un contact (un service ou une fonction est demandé plutôt qu’une personne)',
    'impact.processing.practices.retention': 'Tant que la fiche est publiée ; suppression manuelle (aucune durée appliquée par Palier)',
    'impact.processing.recipients.managers': 'Responsables de programmes, administrateurs et animateurs de l’organisation',
    'impact.processing.recipients.outside.funders': 'Financeurs et partenaires, par les exports : des nombres seulement, petits effectifs masqués',
    'impact.processing.recipients.outside.network': 'Membres du réseau et son équipe',
  },
  en: {
    'impact.processing.indicators.purpose':
      'Measure the organisation’s work and report to funders: the indicators count households, occupied dwellings, bookings and registrations of the other modules, and receive from support and the concierge figures those modules have already aggregated (never a case or a subscriber). Personal: the rows read to count them; what leaves (pages, CSV, XLSX, PDF) is numbers only, every cell of fewer people than the threshold (11 by default, never under 5) being hidden',
    'impact.processing.indicators.retention':
      'Nothing is kept: figures are computed at each read from the other modules’ data, which have their own retention',
    'impact.processing.network.purpose':
      'Compare a network’s members on anonymised figures each member chooses to share: only the number of members and the quartiles leave, a member counts only when its figure rests on at least the threshold of households, never a member’s name or a household row',
    'impact.processing.network.retention':
      'Nothing is kept beyond the choice to share: the comparison is computed at each read; sharing stops when the member withdraws it',
    'impact.processing.practices.purpose':
      'Share practices between a network’s members: the sheet names its author and a contact (a department or position is asked for rather than a person)',
    'impact.processing.practices.retention': 'While the sheet is published; manual deletion (no period applied by Palier)',
    'impact.processing.recipients.managers': 'The organisation’s programme managers, administrators and facilitators',
    'impact.processing.recipients.outside.funders': 'Funders and partners, through exports: numbers only, small counts hidden',
    'impact.processing.recipients.outside.network': 'The network’s members and its staff',
  },
};
