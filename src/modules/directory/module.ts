import { combineMessages } from '../../platform/i18n/index.js';
import type { ModuleManifest } from '../../platform/module.js';
import { addAdminLink } from '../../platform/ui/admin-links.js';
import { messages } from './messages.js';
import { neighbourhoodMessages } from './messages-neighbourhoods.js';
import { leaseMessages } from './messages-leases.js';
import { processingMessages } from './messages-processing.js';
import { confidentialMessages } from './messages-confidential.js';
import { DIRECTORY_PROCESSING } from './processing.js';
import { directoryPersonalData } from './privacy-export.js';
import { refreshFiguresJob } from './jobs.js';
import { migration as directory } from './migrations/20261204010000_directory.js';
import { migration as residenceMonths } from './migrations/20261204190000_residence_months.js';
import { migration as neighbourhoods } from './migrations/20261208130000_neighbourhoods.js';
import { migration as leaseHolders } from './migrations/20261212100000_lease_holders.js';
import { migration as dwellingsResidenceCount } from './migrations/20261212150000_dwellings_residence_count.js';
import { seedNeighbourhoodsDemo } from './seed-neighbourhoods.js';
import { registerNeighbourhoodPages } from './routes/neighbourhoods.js';
import { registerDirectoryPages } from './routes/pages.js';

const FRONT_LINE = ['concierge', 'facilitator', 'social_adviser', 'programme_manager', 'org_admin', 'platform_admin'] as const;
const ADMINS = ['org_admin', 'platform_admin'] as const;

/** Organisations, places (agencies, residences, buildings, dwellings, common places), households and the team. */
export const directoryModule: ModuleManifest = {
  name: 'directory',
  migrations: [directory, residenceMonths, neighbourhoods, leaseHolders, dwellingsResidenceCount],
  jobs: [refreshFiguresJob],
  permissions: {
    'directory.residences.read': [...FRONT_LINE],
    'directory.residences.write': [...ADMINS],
    'directory.households.read': [...FRONT_LINE],
    'directory.organisations.read': [...ADMINS],
    'directory.members.manage': [...ADMINS],
    'directory.import': [...ADMINS],
    'directory.export': [...ADMINS],
    'directory.neighbourhoods.manage': ['programme_manager', ...ADMINS],
  },
  // Households in the main navigation so front-line staff, who have no administration page, find them.
  navigation: [{ href: '/admin/households', label: 'directory.households.title', permission: 'directory.households.read', order: 60 }],
  messages: combineMessages([messages, processingMessages, neighbourhoodMessages, leaseMessages, confidentialMessages]),
  seedDemo: seedNeighbourhoodsDemo,
  processing: DIRECTORY_PROCESSING,
  personalData: directoryPersonalData,
  routes: (app) => {
    addAdminLink({ href: '/admin/residences', label: 'directory.residences.title', permission: 'directory.residences.read' });
    addAdminLink({ href: '/admin/households', label: 'directory.households.title', permission: 'directory.households.read' });
    addAdminLink({ href: '/admin/organisations', label: 'directory.organisations.title', permission: 'directory.organisations.read' });
    addAdminLink({ href: '/admin/members', label: 'directory.members.title', permission: 'directory.members.manage' });
    addAdminLink({ href: '/admin/import', label: 'directory.import.title', permission: 'directory.import' });
    addAdminLink({ href: '/admin/neighbourhoods', label: 'directory.neighbourhoods.title', permission: 'directory.neighbourhoods.manage' });
    registerNeighbourhoodPages(app);
    registerDirectoryPages(app);
  },
};
