/** The spaces module's public surface for other modules (reports and impact read usage from here). */
export { type SpaceUsage, spaceUsage } from './queries/space-usage.js';
export { type SpaceCapacity, spaceCapacities } from './queries/open-capacity.js';
export { PURPOSES, type Purpose } from './schemas.js';
/** Counts of the facilitators' support sessions and their outcomes, for the impact module. */
export { type SupportOutcomes, type SupportOutcomesRow, supportOutcomes, supportOutcomesByResidence } from './queries/support-outcomes.js';
export { SUPPORT_OUTCOMES, SUPPORT_TOPICS, type SupportOutcome, type SupportTopic } from './support-schemas.js';
/** A space's configuration as a model another landlord can build its own space from (the practice library's "duplicate"). */
export { createSpaceFromTemplate, type FromTemplateResult, type SpaceTemplate, spaceTemplate, templateSources } from './commands/space-template.js';
export { newSpaceChoices } from './queries/space-settings.js';
/** A community activity in a room holds the room's spaces resources (same no-double-booking guarantee as bookings). */
export { type ActivitySlot, type HoldResult, holdRoomForActivity, moveActivityHold, releaseActivityHold, renameActivityHold } from './commands/activity-holds.js';
