/** Strings of receipts, payout statements to providers, the landlord's statements page. */
export const moneyMessages = {
  fr: {
    'concierge.receipt.title': 'Reçu n° {number}',
    'concierge.receipt.from': 'Reçu de',
    'concierge.receipt.parts': 'Relevés réglés par ce paiement',
    'concierge.receipt.footer': 'Reçu de paiement délivré par la conciergerie. Montants en euros.',
    'concierge.receipt.pdf': 'Télécharger le reçu en PDF',
    'concierge.receipt.payAll': 'Encaisser un paiement pour plusieurs relevés (les plus anciens d’abord)',
    'concierge.receipt.list': 'Reçus',
    'concierge.receipt.link': 'Reçu n° {number} du {date} — {amount}',
  },
  en: {
    'concierge.receipt.title': 'Receipt no. {number}',
    'concierge.receipt.from': 'Received from',
    'concierge.receipt.parts': 'Statements settled by this payment',
    'concierge.receipt.footer': 'Payment receipt issued by the concierge. Amounts in euros.',
    'concierge.receipt.pdf': 'Download the receipt as PDF',
    'concierge.receipt.payAll': 'Take one payment for several statements (oldest first)',
    'concierge.receipt.list': 'Receipts',
    'concierge.receipt.link': 'Receipt no. {number} of {date} — {amount}',
  },
};
