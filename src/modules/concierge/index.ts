/** The concierge's public surface for other modules. */
export { conciergeModule } from './module.js';
export {
  REQUEST_STATUSES,
  type RequestStatus,
} from './domain/request-status.js';
