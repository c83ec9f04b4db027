/** The directory's public surface for other modules. */
export { listResidences, type ResidenceListItem } from './queries/list-residences.js';
export { currentResidenceOf, searchHouseholds, type HouseholdOption } from './queries/household-lookups.js';
export { commonPlaceOptions, residenceOptions, type CommonPlaceOption, type ResidenceOption } from './queries/place-options.js';
export { householdTenancy, partnerOptions, type HouseholdTenancy, type PartnerOption } from './queries/household-tenancy.js';
export { householdsOfResidence, type ResidenceHousehold } from './queries/households-of-residence.js';
export { householdCard, householdCardForPartner, type HouseholdCard } from './queries/household-card.js';
export { residenceFigures, type ResidenceFigures } from './queries/residence-figures.js';
