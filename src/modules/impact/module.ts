import { combineMessages } from '../../platform/i18n/index.js';
import type { ModuleManifest } from '../../platform/module.js';
import { registerDirectoryIndicators } from './indicators/directory-indicators.js';
import { registerCommunityIndicators } from './indicators/community-indicators.js';
import { registerConciergeIndicators } from './indicators/concierge-indicators.js';
import { registerCoworkingIndicators } from './indicators/coworking-indicators.js';
import { registerSpacesIndicators } from './indicators/spaces-indicators.js';
import { registerSupportIndicators } from './indicators/support-indicators.js';
import { pageMessages } from './messages.js';
import { indicatorMessages } from './messages-indicators.js';
import { supportIndicatorMessages } from './messages-support-indicators.js';
import { conciergeIndicatorMessages } from './messages-concierge-indicators.js';
import { coworkingIndicatorMessages } from './messages-coworking-indicators.js';
import { libraryMessages } from './messages-library.js';
import { clubMessages } from './messages-club.js';
import { networkMessages } from './messages-network.js';
import { processingMessages } from './messages-processing.js';
import { IMPACT_PROCESSING } from './processing.js';
import { migration as impact } from './migrations/20261204170000_impact.js';
import { migration as benchmark } from './migrations/20261204170100_impact_benchmark.js';
import { migration as snapshots } from './migrations/20261206140000_impact_snapshots.js';
import { migration as benchmarkSnapshots } from './migrations/20261208140000_impact_benchmark_snapshots.js';
import { migration as practiceTemplates } from './migrations/20261208140100_impact_practice_space_template.js';
import { migration as snapshotHeadlines } from './migrations/20261213150000_impact_snapshot_headlines.js';
import { refreshSnapshotsJob } from './jobs.js';
import { registerAroundRoutes } from './routes/around.js';
import { inSomeNetwork } from './queries/benchmark.js';
import { registerClubRoutes } from './routes/club-meetings.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerNetworkRoutes } from './routes/network.js';
import { registerPracticeRoutes } from './routes/practices.js';
import { seedImpactDemo } from './seed/demo.js';

registerDirectoryIndicators();
registerSpacesIndicators();
registerCoworkingIndicators();
registerCommunityIndicators();
registerSupportIndicators();
registerConciergeIndicators();

const MANAGERS = ['programme_manager', 'org_admin', 'platform_admin'] as const;

/** Indicators, dashboards, exports and funder reports; the network's benchmarks and practice library; services around residences. */
export const impactModule: ModuleManifest = {
  name: 'impact',
  migrations: [impact, benchmark, snapshots, benchmarkSnapshots, practiceTemplates, snapshotHeadlines],
  jobs: [refreshSnapshotsJob],
  permissions: {
    'impact.dashboard.read': [...MANAGERS, 'facilitator'],
    'impact.export': [...MANAGERS],
    // Support figures by programme name (a programme may be on domestic violence or mental health): managers only.
    'impact.programmes.read': [...MANAGERS],
    'impact.network.read': ['network_member', 'programme_manager', 'org_admin'],
    'impact.network.share': ['programme_manager', 'org_admin'],
    'impact.practices.read': ['network_member', 'programme_manager', 'org_admin', 'facilitator'],
    'impact.practices.write': ['network_member', 'programme_manager', 'org_admin'],
    'impact.around.read': ['resident'],
    'impact.around.manage': ['concierge', 'facilitator', 'programme_manager', 'org_admin'],
  },
  navigation: [
    {
      href: '/impact',
      label: 'impact.nav',
      permission: 'impact.dashboard.read',
      order: 60,
    },
    {
      href: '/impact/network',
      label: 'impact.network.nav',
      permission: 'impact.network.read',
      order: 61,
    },
    {
      // Landlord staff who may not read the benchmark (concierges, facilitators…) reach the club's meetings
      // here — only when their landlord is a member of a network (else the page would only say it is not).
      href: '/impact/network/meetings',
      label: 'impact.club.link',
      permission: 'community.network_meetings.attend',
      order: 64,
      shown: (c, actor) => inSomeNetwork(c.get('services').database.db, actor),
    },
    {
      href: '/impact/practices',
      label: 'impact.practices.nav',
      permission: 'impact.practices.read',
      order: 62,
    },
    {
      href: '/impact/residences',
      label: 'impact.around.staffNav',
      permission: 'impact.around.manage',
      order: 63,
    },
    {
      href: '/impact/around',
      label: 'impact.around.nav',
      permission: 'impact.around.read',
      order: 30,
    },
  ],
  messages: combineMessages([pageMessages, indicatorMessages, supportIndicatorMessages, conciergeIndicatorMessages, coworkingIndicatorMessages, networkMessages, libraryMessages, processingMessages, clubMessages]),
  processing: IMPACT_PROCESSING,
  routes: (app) => {
    registerDashboardRoutes(app);
    registerNetworkRoutes(app);
    registerClubRoutes(app);
    registerPracticeRoutes(app);
    registerAroundRoutes(app);
  },
  seedDemo: seedImpactDemo,
};
