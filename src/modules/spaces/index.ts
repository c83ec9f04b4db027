/** The spaces module's public surface for other modules (reports and impact read usage from here). */
export { type SpaceUsage, spaceUsage } from './queries/space-usage.js';
export { PURPOSES, type Purpose } from './schemas.js';
