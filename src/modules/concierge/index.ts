/** The concierge's public surface for other modules. */
export { conciergeModule } from './module.js';
export {
  REQUEST_STATUSES,
  type RequestStatus,
} from './domain/request-status.js';
/** Counts and sums for impact indicators (subscribers, requests, delays, labelled providers, money kept local). */
export { type ConciergeFigures, conciergeFigures } from './queries/impact-figures.js';
/** Requests by service and status, for the impact dashboard's breakdown. */
export { conciergeRequestsByService, type ServiceRequests } from './queries/requests-by-service.js';
