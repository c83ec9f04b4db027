/** The community module's public surface for other modules (impact reads its counts from here). */
export { type CommunityFigures, communityFigures } from './queries/impact-figures.js';
