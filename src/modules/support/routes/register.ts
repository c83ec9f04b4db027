import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { registerSupportApi } from './api.js';
import { registerSupportWriteApi } from './api-write.js';
import { registerSupportTransferApi } from './api-transfer.js';
import { registerSupportPersonApi } from './api-person.js';
import { registerSupportGroupApi } from './api-groups.js';
import { registerSupportProgrammeApi } from './api-programmes.js';
import { registerSupportCommissionApi } from './api-commission.js';
import { registerSupportConfigApi } from './api-config.js';
import { registerSupportRecordsApi } from './api-records.js';
import { registerCasePages } from './case-pages.js';
import { registerProgrammePages } from './programme-pages.js';
import { registerSessionPages } from './session-pages.js';
import { registerStepUpGate, registerStepUpPages } from './step-up-pages.js';
import { registerTeamPages } from './team-pages.js';
import { registerGroupEditPages } from './group-edit-pages.js';
import { registerSettingsPages } from './settings-pages.js';

/** The module's pages and its /api/v1 endpoints. */
export function registerSupportRoutes(app: Hono<AppEnv>): void {
  // The second-factor gate runs before every /support/cases/{id} route.
  registerStepUpGate(app);
  registerStepUpPages(app);
  registerCasePages(app);
  registerSessionPages(app);
  registerProgrammePages(app);
  registerTeamPages(app);
  registerGroupEditPages(app);
  registerSettingsPages(app);
  registerSupportApi(app);
  registerSupportWriteApi(app);
  registerSupportTransferApi(app);
  registerSupportPersonApi(app);
  registerSupportGroupApi(app);
  registerSupportProgrammeApi(app);
  registerSupportCommissionApi(app);
  registerSupportRecordsApi(app);
  registerSupportConfigApi(app);
}
