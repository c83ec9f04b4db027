/** The concierge's lines in the record of processing activities (French first, English with the same keys). */
export const processingMessages = {
  fr: {
    'concierge.processing.subscriptions.purpose':
      'Gérer les abonnements à la conciergerie solidaire : fiche du ménage recopiée à l’abonnement (nom, référence du logement, résidence, canal de contact), pauses et changements de formule, passages au comptoir',
    'concierge.processing.subscriptions.retention':
      'Pendant l’abonnement ; après sa fin, suppression manuelle selon la règle de l’association (aucune durée appliquée par Palier)',
    'concierge.processing.statements.purpose':
      'Facturer les services au prix coûtant et l’abonnement, enregistrer les paiements (espèces, virement, prélèvement, chèque) et les avoirs',
    'concierge.processing.statements.retention':
      'Relevés et paiements : 10 ans, durée des pièces comptables (Code de commerce, art. L123-22), à appliquer à la main ; rien dans Palier ne les efface',
    'concierge.processing.requests.purpose':
      'Transmettre les demandes des ménages aux prestataires du catalogue et suivre leur réalisation : service, date souhaitée, quantité, remarques, montant',
    'concierge.processing.requests.retention':
      'Le temps de la réalisation et de la facturation ; suppression manuelle (aucune durée appliquée par Palier), une demande facturée restant tant que le relevé qui la cite',
    'concierge.processing.parcels.purpose':
      'Recevoir colis et courrier pour les ménages abonnés et les leur remettre : nature, transporteur, étagère, code de retrait, rappels et avis de renvoi, nom de la personne qui retire et, si elle signe au comptoir, sa signature (vue par l’association seule)',
    'concierge.processing.parcels.retention':
      'Jusqu’à la remise ou au retour du colis, puis le temps de répondre à une réclamation ; suppression manuelle (aucune durée appliquée par Palier)',
    'concierge.processing.recipients.association': 'Association qui tient la conciergerie et ses concierges',
    'concierge.processing.recipients.outside.landlord': 'Bailleur du ménage, tant que dure son partenariat avec l’association',
    'concierge.processing.recipients.outside.providers':
      'Prestataires du catalogue : la demande qui leur est confiée (service, date, quantité, remarques, montant), jamais le ménage',
  },
  en: {
    'concierge.processing.subscriptions.purpose':
      'Manage subscriptions to the solidarity concierge: the household’s card copied at subscription (name, dwelling reference, residence, contact channel), pauses and plan changes, visits at the counter',
    'concierge.processing.subscriptions.retention':
      'While subscribed; after it ends, manual deletion by the association’s rule (no period applied by Palier)',
    'concierge.processing.statements.purpose':
      'Bill services at cost and the subscription, record payments (cash, transfer, direct debit, cheque) and credit notes',
    'concierge.processing.statements.retention':
      'Statements and payments: 10 years, the period for accounting records (French Commercial Code, art. L123-22), applied by hand; nothing in Palier erases them',
    'concierge.processing.requests.purpose':
      'Pass households’ requests to the catalogue’s providers and follow them up: service, wanted date, quantity, notes, amount',
    'concierge.processing.requests.retention':
      'Until carried out and billed; manual deletion (no period applied by Palier), a billed request staying as long as the statement that cites it',
    'concierge.processing.parcels.purpose':
      'Receive parcels and letters for subscribed households and hand them over: kind, carrier, shelf, pickup code, reminders and return notices, the name of whoever collects it and, if they sign at the counter, their signature (seen by the association only)',
    'concierge.processing.parcels.retention':
      'Until handed over or returned, then as long as needed to answer a claim; manual deletion (no period applied by Palier)',
    'concierge.processing.recipients.association': 'The association running the concierge, and its concierges',
    'concierge.processing.recipients.outside.landlord': 'The household’s landlord, while its partnership with the association lasts',
    'concierge.processing.recipients.outside.providers':
      'The catalogue’s providers: the request given to them (service, date, quantity, notes, amount), never the household',
  },
};
