import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { registerCommunityApi } from './api.js';
import { registerManageApi } from './api-manage.js';
import { registerParticipationApi } from './api-participation.js';
import { registerCalendarPages } from './calendar-pages.js';
import { registerCoOrganiserPages } from './co-organiser-pages.js';
import { registerEventEditPages } from './event-edit-pages.js';
import { registerEventPages } from './event-pages.js';
import { registerManageEventPages } from './manage-event-pages.js';
import { registerManageProposalPages } from './manage-proposal-pages.js';
import { registerModerationPages } from './moderation-pages.js';
import { registerProposalPages } from './proposal-pages.js';
import { registerPublicPages } from './public-pages.js';
import { registerReportPages } from './report-pages.js';
import { registerSheetPages } from './sheet-pages.js';

/** Every page and endpoint of the module. */
export function registerCommunityRoutes(app: Hono<AppEnv>): void {
  registerEventPages(app);
  registerManageEventPages(app);
  registerEventEditPages(app);
  registerSheetPages(app);
  registerCoOrganiserPages(app);
  registerReportPages(app);
  registerCalendarPages(app);
  registerProposalPages(app);
  registerManageProposalPages(app);
  registerModerationPages(app);
  registerPublicPages(app);
  registerCommunityApi(app);
  registerParticipationApi(app);
  registerManageApi(app);
}
