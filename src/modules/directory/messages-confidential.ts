/** A household's address hidden from staff not named on its support case (platform/privacy/confidential-addresses.ts). */
export const confidentialMessages = {
  fr: {
    'directory.address.confidential': 'Adresse confidentielle',
    'directory.address.confidentialHelp': 'Seules les personnes nommées sur son accompagnement voient où ce ménage habite.',
    // A residence's dwelling whose household the reader may not know: occupied, no name, no marker.
    'directory.dwelling.occupied': 'Occupé',
  },
  en: {
    'directory.address.confidential': 'Confidential address',
    'directory.address.confidentialHelp': 'Only the people named on its support case see where this household lives.',
    'directory.dwelling.occupied': 'Occupied',
  },
};
