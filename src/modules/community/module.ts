import type { ModuleManifest } from '../../platform/module.js';
import { guestPurgeJob } from './jobs/guest-purge.js';
import { remindersJob } from './jobs/reminders.js';
import { messages } from './messages.js';
import { migration as community } from './migrations/20261204050000_community.js';
import { migration as lifecycle } from './migrations/20261204190000_community_lifecycle.js';
import { migration as reports } from './migrations/20261205082000_community_reports.js';
import { migration as feeds } from './migrations/20261205083000_community_calendar_feeds.js';
import { migration as milestones } from './migrations/20261206100000_community_milestones.js';
import { migration as coOrganisers } from './migrations/20261206100100_community_co_organisers.js';
import { migration as proposalPhotos } from './migrations/20261206100200_community_proposal_photos.js';
import { migration as neighbourhood } from './migrations/20261209100000_community_neighbourhood.js';
import { migration as neighbourProcesses } from './migrations/20261209100100_community_neighbour_processes.js';
import { migration as neighbourComments } from './migrations/20261210110000_community_neighbour_comments.js';
import { migration as neighbourNotifications } from './migrations/20261210110100_community_neighbour_notifications.js';
import { migration as guestRecords } from './migrations/20261211120000_community_guest_records.js';
import { migration as registrationNotifications } from './migrations/20261211120100_community_registration_notifications.js';
import { migration as networkMeetings } from './migrations/20261211160000_community_network_meetings.js';
import { migration as clubRecords } from './migrations/20261212120000_community_club_records.js';
import { migration as clubNotifications } from './migrations/20261213140000_community_club_notifications.js';
import { P } from './policy.js';
import { COMMUNITY_PROCESSING } from './processing.js';
import { communityPersonalData } from './privacy-export.js';
import { registerCommunityRoutes } from './routes/index.js';
import { seedCommunity } from './seed.js';

const STAFF = ['concierge', 'facilitator', 'programme_manager', 'org_admin'] as const;

/** Community life and participation: events with registration and attendance, processes, proposals and answers. */
export const communityModule: ModuleManifest = {
  name: 'community',
  migrations: [community, lifecycle, reports, feeds, milestones, coOrganisers, proposalPhotos, neighbourhood, neighbourProcesses, neighbourComments, neighbourNotifications, guestRecords, registrationNotifications, networkMeetings, clubRecords, clubNotifications],
  permissions: {
    [P.read]: ['resident', ...STAFF, 'social_adviser', 'partner_staff'],
    [P.register]: ['resident', ...STAFF],
    [P.manage]: [...STAFF, 'partner_staff'],
    [P.attendance]: [...STAFF, 'partner_staff'],
    [P.propose]: ['resident', ...STAFF],
    [P.support]: ['resident'],
    [P.comment]: ['resident', ...STAFF],
    [P.answer]: ['programme_manager', 'org_admin'],
    [P.moderate]: ['facilitator', 'programme_manager', 'org_admin'],
    [P.networkMeetings]: ['network_member'],
    [P.clubMeetings]: [...STAFF, 'social_adviser', 'commission_member'],
  },
  navigation: [
    {
      href: '/community',
      label: 'community.nav.events',
      permission: P.read,
      order: 30,
    },
    {
      href: '/community/processes',
      label: 'community.nav.processes',
      permission: P.read,
      order: 31,
    },
    {
      href: '/community/manage',
      label: 'community.nav.manage',
      permission: P.manage,
      order: 32,
    },
  ],
  messages,
  processing: COMMUNITY_PROCESSING,
  personalData: communityPersonalData,
  routes: registerCommunityRoutes,
  seedDemo: seedCommunity,
  jobs: [remindersJob, guestPurgeJob],
};
