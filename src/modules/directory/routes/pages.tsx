import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { registerDwellingPages } from './dwellings.js';
import { registerExportRoute } from './export.js';
import { registerHouseholdPages } from './households.js';
import { registerImportPages } from './import.js';
import { registerMemberEdit } from './member-edit.js';
import { registerMemberPages } from './members.js';
import { registerOrganisationPages } from './organisations.js';
import { registerResidenceForm } from './residence-form.js';
import { registerResidencePages } from './residences.js';

/** Every page of the directory. Fixed paths (…/new) are registered before the ones with an id. */
export function registerDirectoryPages(app: Hono<AppEnv>): void {
  registerResidenceForm(app);
  registerResidencePages(app);
  registerDwellingPages(app);
  registerHouseholdPages(app);
  registerOrganisationPages(app);
  registerMemberPages(app);
  registerMemberEdit(app);
  registerImportPages(app);
  registerExportRoute(app);
}
