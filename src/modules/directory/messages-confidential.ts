/** A household's address hidden from staff not named on its support case (platform/privacy/confidential-addresses.ts). */
export const confidentialMessages = {
  fr: {
    // A residence's dwelling whose household the reader may not know (no list names that household for them): occupied, no name, no marker.
    'directory.dwelling.occupied': 'Occupé',
  },
  en: {
    'directory.dwelling.occupied': 'Occupied',
  },
};
