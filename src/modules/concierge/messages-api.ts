/** Strings only the API says: the monthly run's answer. */
export const apiMessages = {
  fr: {
    'concierge.run.nothingNew': 'Rien de nouveau pour {period} : chaque abonné, bailleur et prestataire avait déjà son relevé.',
    'concierge.run.issued': '{period} : {statements, plural, =0 {aucun relevé} one {# relevé} other {# relevés}} et {payouts, plural, =0 {aucun relevé de reversement} one {# relevé de reversement} other {# relevés de reversement}} émis.',
  },
  en: {
    'concierge.run.nothingNew': 'Nothing new for {period}: every subscriber, landlord and provider already had its statement.',
    'concierge.run.issued': '{period}: {statements, plural, =0 {no statement} one {# statement} other {# statements}} and {payouts, plural, =0 {no payout statement} one {# payout statement} other {# payout statements}} issued.',
  },
};
