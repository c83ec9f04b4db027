/** The community module's public surface for other modules (impact reads its counts from here). */
export { type CommunityFigures, type CommunityReport, communityFigures, communityReports } from './queries/impact-figures.js';
export { proposalAnswerMedian } from './queries/answer-median.js';
