import { apiMessages } from './api/messages.js';
import { migration as accounts } from './auth/migrations/20261204000100_accounts.js';
import { migration as tokensConsents } from './auth/migrations/20261204000300_tokens_consents.js';
import { migration as signInCodes } from './auth/migrations/20261204020100_sign_in_codes.js';
import { migration as sessionLookup } from './auth/migrations/20261204183000_session_lookup.js';
import { messages as authMessages } from './auth/messages.js';
import { seedAccountsDemo } from './auth/demo.js';
import { migration as auditLog } from './audit/migrations/20261204000200_audit.js';
import { migration as appRole } from './db/migrations/20261204000000_app_role.js';
import { migration as jobsNotifications } from './jobs/migrations/20261204180000_jobs_notifications.js';
import { platformJobs } from './jobs/platform-jobs.js';
import { messages as assistMessages } from './assist/messages.js';
import { combineMessages } from './i18n/index.js';
import type { ModuleManifest } from './module.js';
import { registerPlatformPages } from './pages/register.js';
import { PLATFORM_PROCESSING, privacyAuditTargetsMigration, privacyMessages, privacyRequestsMigration } from './privacy/index.js';

const STAFF = ['concierge', 'facilitator', 'social_adviser', 'commission_member', 'programme_manager', 'org_admin', 'partner_staff', 'network_member', 'platform_admin'] as const;

/** The platform presents itself like a module: its tables, its permissions, its pages. */
export const platformModule: ModuleManifest = {
  name: 'platform',
  migrations: [appRole, accounts, auditLog, tokensConsents, signInCodes, jobsNotifications, sessionLookup, privacyRequestsMigration, privacyAuditTargetsMigration],
  permissions: {
    'home.staff': [...STAFF],
    'home.resident': ['resident'],
    'account.self': ['resident', ...STAFF],
    'admin.view': ['org_admin', 'platform_admin'],
    'audit.read': ['org_admin', 'platform_admin'],
    'assist.act': ['concierge', 'facilitator', 'social_adviser'],
    'api_tokens.manage': ['org_admin'],
    'accounts.activation.issue': ['concierge', 'facilitator', 'social_adviser', 'org_admin'],
    // The organisation's data-protection officer acts through its administrator account.
    'privacy.requests': ['org_admin'],
    'privacy.register': ['org_admin', 'platform_admin'],
    // Reading who accessed which record: the data-protection officer only (deny by default for every other role).
    'privacy.audit': ['org_admin'],
  },
  navigation: [
    { href: '/', label: 'shell.home', permission: 'signed_in', order: 0 },
    { href: '/assist', label: 'assist.title', permission: 'assist.act', order: 80 },
    { href: '/admin/activation', label: 'activation.admin.nav', permission: 'accounts.activation.issue', order: 85 },
    { href: '/account', label: 'shell.account', permission: 'account.self', order: 90 },
    { href: '/admin', label: 'shell.admin', permission: 'admin.view', order: 95 },
  ],
  // Each platform area keeps its strings beside its code; listed here so they reach the catalogue.
  messages: combineMessages([assistMessages, apiMessages, authMessages, privacyMessages]),
  routes: registerPlatformPages,
  seedDemo: seedAccountsDemo,
  jobs: platformJobs,
  processing: PLATFORM_PROCESSING,
};
