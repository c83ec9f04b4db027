import type { ProcessingActivity } from '../../platform/privacy/processing.js';

/**
 * What impact processes (GDPR art. 30). The indicators read other modules' personal rows (households,
 * occupancies, bookings, registrations) only to count them; what leaves — pages, CSV/XLSX/PDF, the network's
 * benchmark — is counts with every cell under the threshold hidden. The practice library names a contact.
 * Texts are keys of messages-processing.ts.
 */
export const IMPACT_PROCESSING: ProcessingActivity[] = [
  {
    purpose: 'impact.processing.indicators.purpose',
    legalBasis: 'public_interest',
    categories: ['housing', 'activity'],
    // No table of figures: computed at each read from the other modules' rows.
    retention: 'impact.processing.indicators.retention',
    recipients: ['impact.processing.recipients.managers', 'impact.processing.recipients.outside.funders'],
    access: ['impact.dashboard.read', 'impact.export'],
  },
  {
    // impact_network_shares (opt-in per indicator) and impact_network_benchmark (SECURITY DEFINER).
    purpose: 'impact.processing.network.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['housing'],
    retention: 'impact.processing.network.retention',
    recipients: ['impact.processing.recipients.outside.network'],
    access: ['impact.network.share', 'impact.network.read'],
  },
  {
    // impact_practices.contact and created_by.
    purpose: 'impact.processing.practices.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'contact'],
    retention: 'impact.processing.practices.retention',
    recipients: ['impact.processing.recipients.outside.network'],
    access: ['impact.practices.read', 'impact.practices.write'],
  },
];
