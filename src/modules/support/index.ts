/** The support module's public surface for other modules (impact indicators read programmes through it). */
export { supportModule } from './module.js';
export { programmeOverview, type ProgrammeOverview } from './queries/overview.js';
export { quotaOverview, type QuotaOverview } from './commands/quotas.js';
export { supportFigures, type SupportFigures, type SupportProgrammeFigures } from './queries/impact-figures.js';
