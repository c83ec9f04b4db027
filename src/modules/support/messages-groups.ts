/** Strings of group commitments edited after their declaration, the partner's view of a group, and quota alerts. */
export const messages = {
  fr: {
    'support.group.ledTitle': 'Engagements de groupe que nous avons déclarés',
    'support.group.edit': 'Modifier {label} ({year})',
    'support.group.editTitle': 'Modifier l’engagement du groupe',
    'support.group.editIntro': '{partner}, année {year}. Le groupe a déjà attribué {given, plural, =0 {aucun logement} one {# logement} other {# logements}}. Un bailleur retiré du groupe garde son propre engagement, qui ne compte plus dans le total du groupe.',
    'support.group.save': 'Enregistrer l’engagement du groupe',
    'support.group.placesBelowGiven': 'Le groupe a déjà attribué plus de logements que ce nombre.',
    'support.group.partnerTotal': 'Engagement du groupe « {label} » : {given} logements attribués sur {places} par {landlords, plural, one {# bailleur} other {# bailleurs}}.',
    'support.quota.behindSubject': 'Palier : l’engagement {year} avec {partner} prend du retard',
    'support.quota.behindText':
      'Bonjour,\n\nL’engagement {year} de votre organisme avec {partner} est en retard sur son rythme : {given, plural, one {# logement attribué} other {# logements attribués}} sur {places}, {expected, plural, one {# attendu} other {# attendus}} à cette date.\n\nVoir les engagements : {link}\n\nCe message ne contient volontairement aucun détail des candidats.',
    'support.quota.behindSms': 'Palier : engagement {year} avec {partner} en retard ({given} attribués, {expected} attendus).',
  },
  en: {
    'support.group.ledTitle': 'Group commitments we declared',
    'support.group.edit': 'Edit {label} ({year})',
    'support.group.editTitle': 'Edit the group’s commitment',
    'support.group.editIntro': '{partner}, year {year}. The group has already given {given, plural, =0 {no dwelling} one {# dwelling} other {# dwellings}}. A landlord taken out of the group keeps its own commitment, which no longer counts in the group’s total.',
    'support.group.save': 'Save the group’s commitment',
    'support.group.placesBelowGiven': 'The group has already given more dwellings than this number.',
    'support.group.partnerTotal': 'Group commitment “{label}”: {given} dwellings given of {places} by {landlords, plural, one {# landlord} other {# landlords}}.',
    'support.quota.behindSubject': 'Palier: the {year} commitment with {partner} is falling behind',
    'support.quota.behindText':
      'Hello,\n\nYour organisation’s {year} commitment with {partner} is behind schedule: {given, plural, one {# dwelling} other {# dwellings}} given of {places}, {expected} expected by now.\n\nSee the commitments: {link}\n\nThis message deliberately gives no detail of the applicants.',
    'support.quota.behindSms': 'Palier: {year} commitment with {partner} behind schedule ({given} given, {expected} expected).',
  },
};
