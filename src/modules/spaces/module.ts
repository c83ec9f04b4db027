import type { ModuleManifest } from '../../platform/module.js';
import { messages } from './messages.js';
import { processingMessages } from './messages-processing.js';
import { SPACES_PROCESSING } from './processing.js';
import { spacesPersonalData } from './privacy-export.js';
import { migration as spaces } from './migrations/20261204120000_spaces.js';
import { migration as seriesWaitlistCheckin } from './migrations/20261204181000_spaces_series_waitlist_checkin.js';
import { migration as reminders } from './migrations/20261204190000_spaces_reminders.js';
import { migration as configSupport } from './migrations/20261205090000_spaces_config_support.js';
import { migration as usagePeriods } from './migrations/20261205093000_space_usage_periods.js';
import { migration as stewardsKeysGardens } from './migrations/20261205113000_spaces_stewards_keys_gardens.js';
import { migration as resourceRules } from './migrations/20261206110000_spaces_resource_rules.js';
import { migration as bookingQuotas } from './migrations/20261207120000_spaces_booking_quotas.js';
import { enGarden, frGarden } from './messages-garden.js';
import { enNeighbours, frNeighbours } from './messages-neighbours.js';
import { migration as neighbours } from './migrations/20261208130100_spaces_neighbours.js';
import { migration as neighbourWaitlist } from './migrations/20261210120000_spaces_neighbour_waitlist.js';
import { migration as heldIndex } from './migrations/20261210120100_spaces_bookings_held_index.js';
import { migration as heldUntil } from './migrations/20261211150000_spaces_bookings_held_until.js';
import { migration as seriesAsked } from './migrations/20261214120000_spaces_series_asked.js';
import { registerNeighbourPages } from './routes/neighbour-pages.js';
import { registerNeighbourSettings } from './routes/neighbour-settings.js';
import { enActivity, frActivity } from './messages-activity.js';
import { migration as activityHolds } from './migrations/20261208100000_spaces_activity_holds.js';
import { registerCheckinPages } from './routes/checkin-pages.js';
import { registerGardenPages } from './routes/garden-pages.js';
import { registerKeyPages } from './routes/key-pages.js';
import { registerStewardPages } from './routes/steward-pages.js';
import { migration as houseRulesFeeds } from './migrations/20261205110000_spaces_house_rules_feeds.js';
import { spacesJobs } from './jobs/jobs.js';
import { registerSpacesApi } from './routes/api.js';
import { registerSpacesApiNeighbours } from './routes/api-neighbours.js';
import { registerSpacesApiMore } from './routes/api-more.js';
import { registerSpacesApiCollegial } from './routes/api-collegial.js';
import { registerSpacesApiConfig } from './routes/api-config.js';
import { registerSpacesApiCounter } from './routes/api-counter.js';
import { registerFeedRoutes } from './routes/feeds.js';
import { registerConfigPages } from './routes/config-pages.js';
import { registerOccupancyPages } from './routes/occupancy-pages.js';
import { registerResidentPages } from './routes/resident-pages.js';
import { registerResourcePages } from './routes/resource-pages.js';
import { registerSeriesActions } from './routes/series-actions.js';
import { registerStaffActions } from './routes/staff-actions.js';
import { registerDaySheetPages } from './routes/day-sheet-pages.js';
import { registerStaffMovePages } from './routes/staff-move-pages.js';
import { registerStaffPages } from './routes/staff-pages.js';
import { registerSupportPages } from './routes/support-pages.js';
import { seedSpacesDemo } from './seed-demo.js';

const BOARD = ['concierge', 'facilitator', 'programme_manager', 'org_admin', 'platform_admin'] as const;
const MANAGE = ['programme_manager', 'org_admin', 'platform_admin'] as const;

/** Shared spaces: coworkings, common rooms, gardens and equipment, booked without ever double-booking. */
export const spacesModule: ModuleManifest = {
  name: 'spaces',
  migrations: [spaces, seriesWaitlistCheckin, reminders, configSupport, usagePeriods, houseRulesFeeds, stewardsKeysGardens, resourceRules, bookingQuotas, activityHolds, neighbours, neighbourWaitlist, heldIndex, heldUntil, seriesAsked],
  permissions: {
    'spaces.resident': ['resident'],
    'spaces.board': [...BOARD],
    'spaces.configure': [...MANAGE],
    'spaces.report': [...MANAGE],
    'spaces.support': ['facilitator', 'concierge', ...MANAGE],
  },
  navigation: [
    { href: '/spaces', label: 'spaces.nav.resident', permission: 'spaces.resident', order: 20 },
    { href: '/spaces/garden', label: 'spaces.nav.garden', permission: 'spaces.resident', order: 21 },
    { href: '/spaces/neighbourhood', label: 'spaces.nav.neighbours', permission: 'spaces.resident', order: 22 },
    { href: '/staff/spaces', label: 'spaces.nav.staff', permission: 'spaces.board', order: 20 },
  ],
  messages: { fr: { ...messages.fr, ...frGarden, ...frActivity, ...frNeighbours, ...processingMessages.fr }, en: { ...messages.en, ...enGarden, ...enActivity, ...enNeighbours, ...processingMessages.en } },
  processing: SPACES_PROCESSING,
  personalData: spacesPersonalData,
  routes: (app) => {
    // Before /api/v1/spaces/:id/…, so that "neighbourhood" is not taken for a space id.
    registerSpacesApiNeighbours(app);
    registerSpacesApi(app);
    registerSpacesApiMore(app);
    registerSpacesApiCollegial(app);
    registerSpacesApiCounter(app);
    registerSpacesApiConfig(app);
    registerFeedRoutes(app);
    // Before the resident's /spaces/:id, so that /spaces/stewarding is not taken for a space id.
    registerStewardPages(app);
    registerKeyPages(app);
    registerGardenPages(app);
    registerCheckinPages(app);
    registerNeighbourPages(app);
    registerResidentPages(app);
    // Before the board's /staff/spaces/:id, so that /staff/spaces/new is not taken for a space id.
    registerConfigPages(app);
    registerNeighbourSettings(app);
    registerOccupancyPages(app);
    registerResourcePages(app);
    registerSupportPages(app);
    registerSeriesActions(app);
    registerStaffMovePages(app);
    registerDaySheetPages(app);
    registerStaffPages(app);
    registerStaffActions(app);
  },
  seedDemo: seedSpacesDemo,
  jobs: spacesJobs,
};
