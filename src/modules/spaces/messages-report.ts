// Strings of the occupancy report, the support log and cancelling a series.
export const frReport = {
  'spaces.occupancy.title': 'Occupation des espaces',
  'spaces.support.title': 'Journal d’accompagnement',
};

export const enReport: Record<keyof typeof frReport, string> = {
  'spaces.occupancy.title': 'Occupancy of the spaces',
  'spaces.support.title': 'Support log',
};
