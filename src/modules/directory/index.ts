/** The directory's public surface for other modules. */
export { listResidences, type ResidenceListItem } from './queries/list-residences.js';
export { currentResidenceOf, searchHouseholds, type HouseholdOption } from './queries/household-lookups.js';
export { commonPlaceOptions, residenceOptions, type CommonPlaceOption, type ResidenceOption } from './queries/place-options.js';
export { findDwelling, householdTenancy, partnerOptions, type DwellingRef, type HouseholdTenancy, type PartnerOption } from './queries/household-tenancy.js';
/** Who holds a lease in the tenancy register: a partner association sub-letting (sliding lease), then the household (docs/directory.md). */
export { endOccupancy, isDay, recordSublease, transferLease, type LeaseResult } from './commands/leases.js';
export { correctLeaseTransfer, correctOccupancyEnd } from './commands/lease-corrections.js';
export { householdPlaces, searchHouseholdsIn, type HouseholdPlace, type ResidenceScope } from './queries/households-in-scope.js';
export { householdsOfResidence, type ResidenceHousehold } from './queries/households-of-residence.js';
export { householdCard, householdCardForPartner, householdCardIn, type HouseholdCard } from './queries/household-card.js';
export { residenceFigures, residenceFiguresAsOf, type ResidenceFigures } from './queries/residence-figures.js';
export { findResidence, type Residence } from './queries/residence-detail.js';
export { listHouseholds, type HouseholdListItem } from './queries/households.js';
/** Import and export of the landlord's register (CSV); see docs/import.md. */
export { importRegister, type ImportReport } from './commands/import/import-register.js';
export { exportCsv, type CsvSink } from './commands/export-csv.js';
export { runExportCli, runImportCli } from './cli.js';
/** Neighbourhoods shared across landlords (docs/decisions/neighbourhoods.md): run these in a landlord's own context. */
export { householdInNeighbourhood, neighbourhoodOfResidence, neighbourResidences } from './queries/neighbourhoods.js';
