import type { ModuleManifest } from '../../platform/module.js';
import { messages } from './messages.js';
import { migration } from './migrations/20261204130500_concierge.js';
import { registerConciergeRoutes } from './routes/index.js';
import { seedConciergeDemo } from './seed-demo.js';

/** The solidarity concierge (seed 001): subscriptions, catalogue at cost, requests, counter, parcels, statements. */
export const conciergeModule: ModuleManifest = {
  name: 'concierge',
  migrations: [migration],
  permissions: {
    // Residents use the concierge of their residence; its staff are the association's (or a landlord's own concierge).
    'concierge.use': ['resident'],
    'concierge.staff': ['partner_staff', 'concierge'],
  },
  navigation: [
    {
      href: '/concierge',
      label: 'concierge.nav.resident',
      permission: 'concierge.use',
      order: 30,
    },
    {
      href: '/concierge/desk',
      label: 'concierge.nav.staff',
      permission: 'concierge.staff',
      order: 30,
    },
  ],
  messages,
  routes: registerConciergeRoutes,
  seedDemo: seedConciergeDemo,
};
