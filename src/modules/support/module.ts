import type { ModuleManifest } from '../../platform/module.js';
import { messages } from './messages.js';
import { processingMessages } from './messages-processing.js';
import { leaseMessages } from './messages-lease.js';
import { SUPPORT_PROCESSING } from './processing.js';
import { migration as cases } from './migrations/20261204130000_support_cases.js';
import { migration as commission } from './migrations/20261204130100_support_commission.js';
import { migration as referrals } from './migrations/20261204130200_support_referrals.js';
import { migration as configuration } from './migrations/20261204180000_support_configuration.js';
import { migration as parisDay } from './migrations/20261205070000_referral_paris_day.js';
import { migration as teams } from './migrations/20261205081000_support_teams.js';
import { migration as stepUp } from './migrations/20261205082000_support_step_up.js';
import { migration as addressReaders } from './migrations/20261205083000_support_address_readers.js';
import { migration as externalReferrals } from './migrations/20261205084000_support_external_referrals.js';
import { migration as eligibilityAnswers } from './migrations/20261205120000_support_eligibility_answers.js';
import { migration as impactFigures } from './migrations/20261205121000_support_impact_figures.js';
import { migration as groupQuotas } from './migrations/20261206130000_support_group_quotas.js';
import { migration as solidarityActions } from './migrations/20261206130100_support_solidarity_actions.js';
import { migration as quotaProposals } from './migrations/20261207110000_support_quota_proposals.js';
import { migration as casePerson } from './migrations/20261208120000_support_case_person.js';
import { migration as settings } from './migrations/20261209130000_support_settings.js';
import { migration as proposalWithdrawal } from './migrations/20261209130100_support_proposal_withdrawal.js';
import { migration as proposalRestore } from './migrations/20261210150000_support_proposal_restore.js';
import { migration as partnerContacts } from './migrations/20261210150100_support_partner_contacts.js';
import { migration as groupPartnerAlerts } from './migrations/20261211100000_support_group_partner_alerts.js';
import { migration as leaseSlide } from './migrations/20261212100100_support_lease_slide.js';
import { migration as casesStatus } from './migrations/20261212150100_support_cases_status.js';
import { migration as leaseDays } from './migrations/20261213110000_support_lease_days.js';
import { migration as moveOutNotices } from './migrations/20261213120000_support_move_out_notices.js';
import { migration as addressHidden } from './migrations/20261213100000_support_address_hidden.js';
import { registerSupportConfidentialAddresses } from './confidential-addresses.js';
import { SUPPORT_PERMISSIONS } from './policy.js';
import { supportPersonalData } from './privacy-export.js';
import { remindersJob } from './jobs/reminders.js';
import { retentionJob } from './jobs/retention.js';
import { sessionsJob } from './jobs/sessions.js';
import { quotaAlertsJob } from './jobs/quota-alerts.js';
import { consentEndsJob } from './jobs/consent-ends.js';
import { moveOutNoticesJob } from './jobs/move-out-notices.js';
import { leasePlannedEndsJob } from './jobs/lease-planned-ends.js';
import { migration as partnerNotices } from './migrations/20261213130000_support_partner_notices.js';
import { migration as retentionRule } from './migrations/20261213170000_support_retention_rule.js';
import { migration as externalWithdraw } from './migrations/20261213190000_support_external_withdraw.js';
import { migration as caseTransfer } from './migrations/20261214100000_support_case_transfer.js';
import { migration as leaseCorrections } from './migrations/20261214105000_support_lease_corrections.js';
import { registerSupportRoutes } from './routes/register.js';
import { seedSupportDemo } from './seed-demo.js';

// At load, not in `routes`: the CLI's exports read addresses without building the web application.
registerSupportConfidentialAddresses();

/** Support programmes (rent aid in commission, sliding leases, adaptations, onboarding…) and the cases of households, held need-to-know. */
export const supportModule: ModuleManifest = {
  name: 'support',
  migrations: [cases, commission, referrals, configuration, parisDay, teams, stepUp, addressReaders, externalReferrals, eligibilityAnswers, impactFigures, groupQuotas, solidarityActions, quotaProposals, casePerson, settings, proposalWithdrawal, proposalRestore, partnerContacts, groupPartnerAlerts, leaseSlide, casesStatus, leaseDays, partnerNotices, addressHidden, moveOutNotices, retentionRule, externalWithdraw, caseTransfer, leaseCorrections],
  permissions: Object.fromEntries(Object.entries(SUPPORT_PERMISSIONS).map(([k, v]) => [k, [...v]])),
  navigation: [
    { href: '/support/cases', label: 'support.nav.cases', permission: 'support.cases.read', order: 40 },
    { href: '/support/sessions', label: 'support.nav.sessions', permission: 'support.commission.sit', order: 41 },
    { href: '/support/programmes', label: 'support.nav.programmes', permission: 'support.programmes.manage', order: 42 },
    { href: '/support/referrals', label: 'support.nav.referrals', permission: 'support.referrals.partner', order: 43 },
    { href: '/support/commitments', label: 'support.nav.commitments', permission: 'support.quotas.propose', order: 44 },
    { href: '/support/settings', label: 'support.nav.settings', permission: 'support.settings.manage', order: 45 },
  ],
  messages: { fr: { ...messages.fr, ...processingMessages.fr, ...leaseMessages.fr }, en: { ...messages.en, ...processingMessages.en, ...leaseMessages.en } },
  processing: SUPPORT_PROCESSING,
  personalData: supportPersonalData,
  routes: registerSupportRoutes,
  seedDemo: seedSupportDemo,
  jobs: [remindersJob, retentionJob, sessionsJob, quotaAlertsJob, consentEndsJob, moveOutNoticesJob, leasePlannedEndsJob],
};
