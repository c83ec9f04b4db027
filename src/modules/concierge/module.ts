import type { ModuleManifest } from '../../platform/module.js';
import { onAddressMarkedConfidential } from '../../platform/privacy/confidential-addresses.js';
import { forgetDwelling } from './commands/forget-dwelling.js';
import { monthlyRunJob } from './jobs/monthly-run.js';
import { documentExpiryJob, parcelRemindersJob, parcelReturnNoticesJob, providerStepNoticesJob } from './jobs/reminders.js';
import { messages } from './messages.js';
import { processingMessages } from './messages-processing.js';
import { CONCIERGE_PROCESSING } from './processing.js';
import { conciergePersonalData } from './privacy-export.js';
import { migration } from './migrations/20261204130500_concierge.js';
import { migration as providerAccounts } from './migrations/20261204183000_concierge_provider_accounts.js';
import { migration as subscriptionChanges } from './migrations/20261204184500_concierge_subscription_changes.js';
import { migration as offerManagement } from './migrations/20261204190500_concierge_offer_management.js';
import { migration as notices } from './migrations/20261204191500_concierge_notices.js';
import { migration as openRequests } from './migrations/20261205084500_concierge_open_requests.js';
import { migration as payments } from './migrations/20261205121500_concierge_payments.js';
import { migration as receiptsPayouts } from './migrations/20261206120000_concierge_receipts_payouts.js';
import { migration as scheduledRun } from './migrations/20261207100000_concierge_scheduled_run.js';
import { migration as creditNotes } from './migrations/20261207100500_concierge_credit_notes.js';
import { migration as parcelReturns } from './migrations/20261207101000_concierge_parcel_returns.js';
import { migration as requestScopeIndexes } from './migrations/20261207140000_concierge_request_scope_indexes.js';
import { migration as serviceAudience } from './migrations/20261208110000_concierge_service_audience.js';
import { migration as deskReturnSettings } from './migrations/20261208110100_concierge_desk_return_settings.js';
import { migration as parcelSignatures } from './migrations/20261208110200_concierge_parcel_signatures.js';
import { migration as parcelReminderDays } from './migrations/20261209120000_concierge_parcel_reminder_days.js';
import { migration as forgetDwellingFn } from './migrations/20261214110000_concierge_forget_dwelling.js';
import { registerConciergeRoutes } from './routes/index.js';
import { seedConciergeDemo } from './seed-demo.js';

// A household's address marked confidential after it subscribed: the desk's copy forgets the dwelling (docs/concierge.md).
onAddressMarkedConfidential('concierge', forgetDwelling);

/** The solidarity concierge (seed 001): subscriptions, catalogue at cost, requests, counter, parcels, statements. */
export const conciergeModule: ModuleManifest = {
  name: 'concierge',
  migrations: [migration, providerAccounts, subscriptionChanges, offerManagement, notices, openRequests, payments, receiptsPayouts, scheduledRun, creditNotes, parcelReturns, requestScopeIndexes, serviceAudience, deskReturnSettings, parcelSignatures, parcelReminderDays, forgetDwellingFn],
  permissions: {
    // Residents use the concierge of their residence; its staff are the association's (or a landlord's own concierge).
    'concierge.use': ['resident'],
    'concierge.staff': ['partner_staff', 'concierge'],
    // A provider's staff: partner staff of a provider organisation linked to a desk's provider row.
    'concierge.provider': ['partner_staff'],
    // A landlord's staff read the statements billed to their landlord (its share of split fees).
    'concierge.landlord': ['org_admin', 'concierge'],
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
    {
      href: '/concierge/landlord/statements',
      label: 'concierge.nav.landlord',
      permission: 'concierge.landlord',
      order: 31,
    },
  ],
  messages: { fr: { ...messages.fr, ...processingMessages.fr }, en: { ...messages.en, ...processingMessages.en } },
  processing: CONCIERGE_PROCESSING,
  personalData: conciergePersonalData,
  routes: registerConciergeRoutes,
  seedDemo: seedConciergeDemo,
  jobs: [parcelRemindersJob, parcelReturnNoticesJob, documentExpiryJob, providerStepNoticesJob, monthlyRunJob],
};
