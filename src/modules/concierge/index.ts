/** The concierge's public surface for other modules. */
export { conciergeModule } from './module.js';
export {
  REQUEST_STATUSES,
  type RequestStatus,
} from './domain/request-status.js';
/** Counts and sums for impact indicators (subscribers, requests, delays, labelled providers, money kept local). */
export { type ConciergeFigures, conciergeFigures } from './queries/impact-figures.js';
