import type { ProcessingActivity } from '../../platform/privacy/processing.js';

/**
 * What the directory processes (GDPR art. 30): the landlord's tenants and households with their dwelling,
 * and the members of its teams. Texts are keys of messages-processing.ts.
 */
export const DIRECTORY_PROCESSING: ProcessingActivity[] = [
  {
    // households, occupancies, dwellings (rent), contact and channel; imported from and exported to the landlord's system.
    purpose: 'directory.processing.households.purpose',
    legalBasis: 'public_interest',
    categories: ['identity', 'contact', 'housing'],
    // Nothing in Palier erases a household after its move-out: the rule is applied by hand.
    retention: 'directory.processing.households.retention',
    recipients: ['directory.processing.recipients.staff', 'directory.processing.recipients.outside.concierge'],
    access: ['directory.households.read', 'directory.residences.read', 'directory.import', 'directory.export'],
  },
  {
    // memberships: who in an organisation holds which role, for which residences.
    purpose: 'directory.processing.members.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'account'],
    retention: 'directory.processing.members.retention',
    recipients: ['directory.processing.recipients.admins'],
    access: ['directory.members.manage', 'directory.organisations.read'],
  },
];
