/** Strings of the notices between landlords and partner associations: commitments behind schedule (a landlord's, a group's), consent ended, and the partner's view of the dwellings allocated. */
export const messages = {
  fr: {
    'support.quota.groupBehindSubject': 'Palier : l’engagement du groupe {year} avec {partner} prend du retard',
    'support.quota.groupBehindText':
      'Bonjour,\n\nL’engagement du groupe « {label} » ({year}) avec {partner} est en retard sur son rythme : {given, plural, one {# logement attribué} other {# logements attribués}} sur {places} par {landlords, plural, one {# bailleur} other {# bailleurs}}, {expected, plural, one {# attendu} other {# attendus}} à cette date.\n\nVoir les engagements : {link}\n\nCe message ne contient volontairement aucun détail des candidats.',
    'support.quota.groupBehindSms': 'Palier : engagement du groupe {year} avec {partner} en retard ({given} attribués, {expected} attendus).',
    'support.quota.partnerBehindSubject': 'Palier : l’engagement {year} de {landlord} envers votre association prend du retard',
    'support.quota.partnerBehindText':
      'Bonjour,\n\nL’engagement {year} de {landlord} envers votre association est en retard sur son rythme : {given, plural, one {# logement attribué} other {# logements attribués}} sur {places}, {expected, plural, one {# attendu} other {# attendus}} à cette date.\n\nVoir les engagements : {link}\n\nCe message ne contient volontairement aucun détail des candidats.',
    'support.quota.partnerGroupBehindSubject': 'Palier : l’engagement du groupe {year} envers votre association prend du retard',
    'support.quota.partnerGroupBehindText':
      'Bonjour,\n\nL’engagement du groupe « {label} » ({year}) envers votre association est en retard sur son rythme : {given, plural, one {# logement attribué} other {# logements attribués}} sur {places} par {landlords, plural, one {# bailleur} other {# bailleurs}}, {expected, plural, one {# attendu} other {# attendus}} à cette date.\n\nVoir les engagements : {link}\n\nCe message ne contient volontairement aucun détail des candidats.',
    'support.contact.notice.consentEnded.subject': 'Palier : fin du consentement d’une orientation de {landlord}',
    'support.contact.notice.consentEnded.text':
      'Bonjour,\n\nLe consentement d’une orientation de {landlord} vers votre association est arrivé à la date de fin convenue. Vous n’avez plus accès à ce dossier.\n\nVoir les orientations : {link}\n\nCe message ne contient volontairement aucun détail de la personne ni du programme.',
    'support.partnerAllocation.caption': 'Logements attribués au titre de {label}',
    'support.partnerAllocation.none': 'Aucune place attribuée pour le moment.',
    'support.partnerAllocation.place': 'Place',
    'support.partnerAllocation.applicant': 'Votre référence',
    'support.partnerAllocation.on': 'Attribuée le',
    'support.partnerAllocation.residence': 'Résidence',
    'support.partnerAllocation.dwelling': 'Logement',
    'support.partnerAllocation.notYet': 'Logement pas encore indiqué',
  },
  en: {
    'support.quota.groupBehindSubject': 'Palier: the group’s {year} commitment with {partner} is falling behind',
    'support.quota.groupBehindText':
      'Hello,\n\nThe group commitment “{label}” ({year}) with {partner} is behind schedule: {given, plural, one {# dwelling} other {# dwellings}} given of {places} by {landlords, plural, one {# landlord} other {# landlords}}, {expected} expected by now.\n\nSee the commitments: {link}\n\nThis message deliberately gives no detail of the applicants.',
    'support.quota.groupBehindSms': 'Palier: group {year} commitment with {partner} behind schedule ({given} given, {expected} expected).',
    'support.quota.partnerBehindSubject': 'Palier: {landlord}’s {year} commitment to your association is falling behind',
    'support.quota.partnerBehindText':
      'Hello,\n\n{landlord}’s {year} commitment to your association is behind schedule: {given, plural, one {# dwelling} other {# dwellings}} given of {places}, {expected} expected by now.\n\nSee the commitments: {link}\n\nThis message deliberately gives no detail of the applicants.',
    'support.quota.partnerGroupBehindSubject': 'Palier: the group’s {year} commitment to your association is falling behind',
    'support.quota.partnerGroupBehindText':
      'Hello,\n\nThe group commitment “{label}” ({year}) to your association is behind schedule: {given, plural, one {# dwelling} other {# dwellings}} given of {places} by {landlords, plural, one {# landlord} other {# landlords}}, {expected} expected by now.\n\nSee the commitments: {link}\n\nThis message deliberately gives no detail of the applicants.',
    'support.contact.notice.consentEnded.subject': 'Palier: the consent for a referral from {landlord} has ended',
    'support.contact.notice.consentEnded.text':
      'Hello,\n\nThe consent for a referral from {landlord} to your association has reached its agreed end date. You no longer have access to it.\n\nSee the referrals: {link}\n\nThis message deliberately holds no detail of the person or the programme.',
    'support.partnerAllocation.caption': 'Dwellings allocated under {label}',
    'support.partnerAllocation.none': 'No place given yet.',
    'support.partnerAllocation.place': 'Place',
    'support.partnerAllocation.applicant': 'Your reference',
    'support.partnerAllocation.on': 'Given on',
    'support.partnerAllocation.residence': 'Residence',
    'support.partnerAllocation.dwelling': 'Dwelling',
    'support.partnerAllocation.notYet': 'Dwelling not given yet',
  },
};
