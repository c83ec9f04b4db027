import type { ModuleManifest } from '../../platform/module.js';
import { addAdminLink } from '../../platform/ui/admin-links.js';
import { messages } from './messages.js';
import { migration as directory } from './migrations/20261204010000_directory.js';
import { registerDirectoryPages } from './routes/pages.js';

/** Organisations, places (agencies, residences, buildings, dwellings, common places) and households. */
export const directoryModule: ModuleManifest = {
  name: 'directory',
  migrations: [directory],
  permissions: {
    'directory.residences.read': ['concierge', 'facilitator', 'social_adviser', 'programme_manager', 'org_admin', 'platform_admin'],
    'directory.import': ['org_admin', 'platform_admin'],
  },
  navigation: [],
  messages,
  routes: (app) => {
    addAdminLink({ href: '/admin/residences', label: 'directory.residences.title', permission: 'directory.residences.read' });
    registerDirectoryPages(app);
  },
};
