/** Strings of a provider's own account: its queue and its answers. */
export const providerMessages = {
  fr: {
    'concierge.provider.title': 'Mes interventions',
    'concierge.provider.for': 'Prestataire : {names}',
    'concierge.provider.waiting': '{count, plural, =0 {Aucune demande n’attend votre réponse.} one {# demande attend votre réponse.} other {# demandes attendent votre réponse.}}',
    'concierge.provider.none': 'La conciergerie ne vous a encore confié aucune demande.',
    'concierge.provider.noAccount': 'Votre organisation n’est reliée à aucun prestataire d’une conciergerie.',
    'concierge.provider.tableLabel': 'Demandes confiées par la conciergerie, celles à traiter d’abord',
    'concierge.provider.amount': 'Montant HT',
    'concierge.provider.notice.accept': 'Vous avez accepté la demande. La conciergerie est prévenue.',
    'concierge.provider.notice.decline': 'Vous avez refusé la demande. La conciergerie va la confier à un autre prestataire.',
    'concierge.provider.notice.complete': 'Demande terminée. La conciergerie s’occupe de la remise au foyer.',
  },
  en: {
    'concierge.provider.title': 'My jobs',
    'concierge.provider.for': 'Provider: {names}',
    'concierge.provider.waiting': '{count, plural, =0 {No request is waiting for your answer.} one {# request is waiting for your answer.} other {# requests are waiting for your answer.}}',
    'concierge.provider.none': 'The concierge has not given you any request yet.',
    'concierge.provider.noAccount': 'Your organisation is not linked to any concierge provider.',
    'concierge.provider.tableLabel': 'Requests given to you by the concierge, those to handle first',
    'concierge.provider.amount': 'Amount excl. VAT',
    'concierge.provider.notice.accept': 'You accepted the request. The concierge has been told.',
    'concierge.provider.notice.decline': 'You declined the request. The concierge will give it to another provider.',
    'concierge.provider.notice.complete': 'Request done. The concierge will hand it over to the household.',
  },
};
