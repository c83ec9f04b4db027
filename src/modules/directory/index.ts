/** The directory's public surface for other modules. */
export { listResidences, type ResidenceListItem } from './queries/list-residences.js';
