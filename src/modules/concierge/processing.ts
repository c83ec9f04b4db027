import type { ProcessingActivity } from '../../platform/privacy/processing.js';

/**
 * What the solidarity concierge processes (GDPR art. 30). Its rows belong to the association that runs it,
 * which the landlord reads while their partnership lasts (docs/decisions/concierge-tenancy.md); providers see
 * requests without the household. No job erases any of it: every retention below is applied by hand.
 * Texts are keys of messages-processing.ts.
 */
export const CONCIERGE_PROCESSING: ProcessingActivity[] = [
  {
    // concierge_subscriptions (household card copied at subscription: name, dwelling reference, residence, channel),
    // pauses and changes, concierge_visits at the counter.
    purpose: 'concierge.processing.subscriptions.purpose',
    legalBasis: 'contract',
    categories: ['identity', 'contact', 'housing'],
    retention: 'concierge.processing.subscriptions.retention',
    recipients: ['concierge.processing.recipients.association', 'concierge.processing.recipients.outside.landlord'],
    access: ['concierge.use', 'concierge.staff'],
  },
  {
    // concierge_statements and lines (numbered per issuing organisation), concierge_payments and their receipts;
    // concierge_payout_statements (what the association owes each provider, no household named).
    purpose: 'concierge.processing.statements.purpose',
    legalBasis: 'contract',
    categories: ['identity', 'financial'],
    retention: 'concierge.processing.statements.retention',
    recipients: ['concierge.processing.recipients.association', 'concierge.processing.recipients.outside.landlord'],
    access: ['concierge.use', 'concierge.staff'],
  },
  {
    // concierge_requests and their events; a provider reads service, date, quantity, notes and frozen amount, never the household.
    purpose: 'concierge.processing.requests.purpose',
    legalBasis: 'contract',
    categories: ['identity', 'activity'],
    retention: 'concierge.processing.requests.retention',
    recipients: ['concierge.processing.recipients.association', 'concierge.processing.recipients.outside.providers', 'concierge.processing.recipients.outside.landlord'],
    access: ['concierge.use', 'concierge.staff', 'concierge.provider'],
  },
  {
    // concierge_parcels: household, kind, carrier, shelf, pickup code, reminders and return notices, who collected it;
    // concierge_parcel_signatures: the signature image (a stored file) and the name, the association's only.
    purpose: 'concierge.processing.parcels.purpose',
    legalBasis: 'contract',
    categories: ['identity', 'activity'],
    retention: 'concierge.processing.parcels.retention',
    recipients: ['concierge.processing.recipients.association', 'concierge.processing.recipients.outside.landlord'],
    access: ['concierge.use', 'concierge.staff'],
  },
];
