import type { Hono } from 'hono';
import { addAdminLink } from '../ui/admin-links.js';
import type { AppEnv } from '../http/env.js';
import { registerPrivacyPages } from './pages.js';
import { registerProcessingRegister } from './register-page.js';

export { migration as privacyRequestsMigration } from './migrations/20261205083500_privacy_requests.js';
export { messages as privacyMessages } from './messages.js';
export { declareProcessing, PLATFORM_PROCESSING, type ProcessingActivity } from './processing.js';

/** The data-protection pages: the requests console and the record of processing activities. */
export function registerPrivacy(app: Hono<AppEnv>): void {
  registerPrivacyPages(app);
  registerProcessingRegister(app);
}

addAdminLink({ href: '/admin/privacy', label: 'privacy.nav', permission: 'privacy.requests' });
addAdminLink({ href: '/admin/privacy/register', label: 'privacy.register.nav', permission: 'privacy.register' });
