import type { ProcessingActivity } from '../../platform/privacy/processing.js';

/**
 * What support programmes process (GDPR art. 30), one activity per purpose. Cases are held need-to-know
 * (assigned advisers, the programme's named team and manager). Closed cases follow their programme's
 * retention rule, applied every night by the support.retention job (jobs/retention.ts). Each programme also
 * states its own legal basis and notice in its settings. Texts are keys of messages-processing.ts.
 */
export const SUPPORT_PROCESSING: ProcessingActivity[] = [
  {
    // support_cases (onboarding, flat share, transfer, generic), steps, notes, documents, eligibility answers.
    purpose: 'support.processing.cases.purpose',
    legalBasis: 'public_interest',
    categories: ['identity', 'contact', 'housing', 'social'],
    sensitive: true,
    retention: 'support.processing.retention.cases',
    recipients: ['support.processing.recipients.caseTeam'],
    access: ['support.cases.read', 'support.cases.write', 'support.cases.sensitive'],
  },
  {
    // rent_aid: pseudonymised dossiers, sessions, decisions, instalments, quotas, the fund's ledger.
    purpose: 'support.processing.rentAid.purpose',
    legalBasis: 'public_interest',
    categories: ['identity', 'housing', 'financial', 'social'],
    sensitive: true,
    retention: 'support.processing.retention.rentAid',
    recipients: ['support.processing.recipients.caseTeam', 'support.processing.recipients.outside.commission'],
    access: ['support.cases.read', 'support.commission.sit', 'support.commission.manage', 'support.quotas.manage'],
  },
  {
    // sliding_lease: the association holds the lease until it slides to the household.
    purpose: 'support.processing.slidingLease.purpose',
    legalBasis: 'public_interest',
    categories: ['identity', 'housing', 'financial', 'social'],
    sensitive: true,
    retention: 'support.processing.retention.cases',
    recipients: ['support.processing.recipients.caseTeam', 'support.processing.recipients.outside.leaseAssociation'],
    access: ['support.cases.read', 'support.cases.write', 'support.referrals.partner'],
  },
  {
    // mental_health, domestic_violence, housing_adaptation (disability, ageing); confidential address.
    purpose: 'support.processing.sensitive.purpose',
    legalBasis: 'public_interest',
    categories: ['identity', 'housing', 'health', 'social'],
    sensitive: true,
    retention: 'support.processing.retention.cases',
    recipients: ['support.processing.recipients.namedOnly'],
    access: ['support.cases.read', 'support.cases.write', 'support.cases.sensitive'],
  },
  {
    // support_referrals (partners on Palier) and support_external_referrals (printed sheet), with consent_until.
    purpose: 'support.processing.referrals.purpose',
    legalBasis: 'consent',
    categories: ['identity', 'contact', 'housing', 'social'],
    sensitive: true,
    retention: 'support.processing.retention.referrals',
    recipients: ['support.processing.recipients.outside.partners', 'support.processing.recipients.outside.externalPartners'],
    access: ['support.cases.write', 'support.referrals.partner'],
  },
];
