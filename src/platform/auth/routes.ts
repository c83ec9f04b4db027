import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { addAdminLink } from '../ui/admin-links.js';
import { registerActivatePages } from './activate-pages.js';
import { ISSUE_PERMISSION } from './activation.js';
import { registerActivationPages } from './activation-pages.js';
import { registerMfaPages } from './mfa-pages.js';
import { requireMfaEnrolment } from './mfa-enrolment.js';
import { registerPasswordPages } from './password-pages.js';
import { registerResetPages } from './reset-pages.js';
import { registerSmsPages } from './sms-pages.js';

/**
 * Accounts beyond sign-in: reset, activation codes, second factor, SMS codes. Called before any other route
 * is added, so the enrolment check (a middleware) runs ahead of every page.
 */
export function registerAccountRoutes(app: Hono<AppEnv>): void {
  app.use('*', requireMfaEnrolment);
  registerResetPages(app);
  registerActivatePages(app);
  registerActivationPages(app);
  registerMfaPages(app);
  registerSmsPages(app);
  registerPasswordPages(app);
  addAdminLink({ href: '/admin/activation', label: 'activation.admin.nav', permission: ISSUE_PERMISSION });
}
