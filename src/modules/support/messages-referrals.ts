/** Referrals to partner associations, with consent. */
export const messages = {
  fr: {
    'support.nav.referrals': 'Orientations reçues',
    'support.referral.title': 'Orientations vers un partenaire',
    'support.referral.line': 'Vers {partner}, accord jusqu’au {until}',
    'support.referral.active': 'En cours',
    'support.referral.ended': 'Terminée',
    'support.referral.revoked': 'Accord retiré',
    'support.referral.sharedList': 'Partagé : {fields}',
    'support.referral.revoke':
      'Retirer l’accord (le partenaire {partner} ne verra plus rien)',
    'support.referral.new': 'Orienter vers une association partenaire',
    'support.referral.partner': 'Association partenaire',
    'support.referral.fields': 'Ce que la personne accepte de partager',
    'support.referral.field.household_name': 'Nom du foyer',
    'support.referral.field.household_size': 'Nombre de personnes',
    'support.referral.field.dwelling': 'Logement (sauf adresse confidentielle)',
    'support.referral.field.situation': 'Situation',
    'support.referral.purpose': 'Pourquoi cette orientation',
    'support.referral.until': 'Accord valable jusqu’au',
    'support.referral.consent':
      'La personne a donné son accord pour ce partage, avec cette association, jusqu’à cette date.',
    'support.referral.consentShort': 'Accord de la personne',
    'support.referral.consentRequired':
      'Confirmez que la personne a donné son accord.',
    'support.referral.fieldsRequired':
      'Cochez au moins une information à partager.',
    'support.referral.send': 'Orienter',
    'support.referral.partnerTitle':
      'Personnes orientées vers votre association',
    'support.referral.partnerIntro':
      'Vous voyez seulement ce que chaque personne a accepté de partager, tant que son accord court.',
    'support.referral.none': 'Aucune orientation en cours.',
    'support.referral.from': 'Orientée par',
  },
  en: {
    'support.nav.referrals': 'Referrals received',
    'support.referral.title': 'Referrals to a partner',
    'support.referral.line': 'To {partner}, consent until {until}',
    'support.referral.active': 'Active',
    'support.referral.ended': 'Ended',
    'support.referral.revoked': 'Consent withdrawn',
    'support.referral.sharedList': 'Shared: {fields}',
    'support.referral.revoke':
      'Withdraw consent ({partner} will no longer see anything)',
    'support.referral.new': 'Refer to a partner association',
    'support.referral.partner': 'Partner association',
    'support.referral.fields': 'What the person agrees to share',
    'support.referral.field.household_name': 'Household name',
    'support.referral.field.household_size': 'Number of people',
    'support.referral.field.dwelling':
      'Dwelling (unless the address is confidential)',
    'support.referral.field.situation': 'Situation',
    'support.referral.purpose': 'Why this referral',
    'support.referral.until': 'Consent valid until',
    'support.referral.consent':
      'The person agreed to this sharing, with this association, until this date.',
    'support.referral.consentShort': 'The person’s consent',
    'support.referral.consentRequired':
      'Confirm that the person gave their consent.',
    'support.referral.fieldsRequired':
      'Tick at least one piece of information to share.',
    'support.referral.send': 'Refer',
    'support.referral.partnerTitle': 'People referred to your association',
    'support.referral.partnerIntro':
      'You only see what each person agreed to share, while their consent runs.',
    'support.referral.none': 'No active referral.',
    'support.referral.from': 'Referred by',
  },
};
