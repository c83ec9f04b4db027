import type { Permission } from '../access/authorize.js';

export const LEGAL_BASES = ['contract', 'legal_obligation', 'public_interest', 'legitimate_interest', 'consent', 'vital_interest'] as const;
export const CATEGORIES = ['identity', 'contact', 'account', 'housing', 'financial', 'health', 'social', 'activity', 'logs'] as const;

/**
 * One processing activity a module declares in its manifest (`processing`), for the record of
 * processing activities (GDPR art. 30). Texts are keys of the module's own message catalogue.
 */
export type ProcessingActivity = {
  purpose: string;
  legalBasis: (typeof LEGAL_BASES)[number];
  categories: (typeof CATEGORIES)[number][];
  /** Special categories (art. 9) or data the CNIL treats as highly personal (hardship, violence). */
  sensitive?: boolean;
  retention: string;
  recipients: string[];
  /** The permissions that open these data inside the organisation; the register names their roles. */
  access: Permission[];
};

const declared: { module: string; activities: ProcessingActivity[] | undefined }[] = [];

/** Called once per module at start-up; a module without a declaration is listed as such. */
export function declareProcessing(module: string, activities: ProcessingActivity[] | undefined): void {
  const known = declared.find((d) => d.module === module);
  if (known) known.activities = activities;
  else declared.push({ module, activities });
}

export function declaredProcessing(): readonly { module: string; activities: ProcessingActivity[] | undefined }[] {
  return declared;
}

/** What the platform itself processes: accounts, the audit log, these requests. */
export const PLATFORM_PROCESSING: ProcessingActivity[] = [
  {
    purpose: 'privacy.platform.accounts.purpose',
    legalBasis: 'contract',
    categories: ['identity', 'contact', 'account'],
    retention: 'privacy.platform.accounts.retention',
    recipients: ['privacy.platform.recipients.staff', 'privacy.platform.recipients.host'],
    access: ['admin.view'],
  },
  {
    purpose: 'privacy.platform.audit.purpose',
    legalBasis: 'legal_obligation',
    categories: ['account', 'logs'],
    retention: 'privacy.platform.audit.retention',
    recipients: ['privacy.platform.recipients.dpo'],
    access: ['audit.read', 'privacy.audit'],
  },
  {
    purpose: 'privacy.platform.requests.purpose',
    legalBasis: 'legal_obligation',
    categories: ['identity', 'contact'],
    retention: 'privacy.platform.requests.retention',
    recipients: ['privacy.platform.recipients.dpo'],
    access: ['privacy.requests'],
  },
];
