import type { Hono } from 'hono';
import { addAdminLink } from '../ui/admin-links.js';
import type { AppEnv } from '../http/env.js';
import { registerAuditReview } from './audit-page.js';
import { registerPrivacyPages } from './pages.js';
import { registerProcessingRegister } from './register-page.js';

export { migration as privacyRequestsMigration } from './migrations/20261205083500_privacy_requests.js';
export { migration as privacyAuditTargetsMigration } from './migrations/20261207150000_privacy_audit_targets.js';
export { messages as privacyMessages } from './messages.js';
export { declareProcessing, PLATFORM_PROCESSING, type ProcessingActivity } from './processing.js';

/** The data-protection pages: the requests console, the record of processing activities and the audit review. */
export function registerPrivacy(app: Hono<AppEnv>): void {
  registerPrivacyPages(app);
  registerProcessingRegister(app);
  registerAuditReview(app);
}

addAdminLink({ href: '/admin/privacy', label: 'privacy.nav', permission: 'privacy.requests' });
addAdminLink({ href: '/admin/privacy/register', label: 'privacy.register.nav', permission: 'privacy.register' });
addAdminLink({ href: '/admin/privacy/audit', label: 'privacy.audit.nav', permission: 'privacy.audit' });
