import type { ProcessingActivity } from '../../platform/privacy/processing.js';

/**
 * What shared spaces process (GDPR art. 30): bookings (with waiting lists, check-in, reminders, house rules
 * accepted, calendar feeds), resident stewards and key hand-overs, garden plots, and the coworking's support
 * log. No job erases any of it: every retention below is applied by hand. Texts are keys of messages-processing.ts.
 */
export const SPACES_PROCESSING: ProcessingActivity[] = [
  {
    // space_bookings (household, booked_by, purpose, check-in, house rules version), space_waitlist, space_calendar_feeds.
    purpose: 'spaces.processing.bookings.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'housing', 'activity'],
    retention: 'spaces.processing.bookings.retention',
    recipients: ['spaces.processing.recipients.staff', 'spaces.processing.recipients.outside.stewards'],
    access: ['spaces.resident', 'spaces.board', 'spaces.configure', 'spaces.report'],
  },
  {
    // space_stewards (residents named by the manager) and space_key_handovers (handed_to: the person given the key).
    purpose: 'spaces.processing.keys.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'contact', 'activity'],
    retention: 'spaces.processing.keys.retention',
    recipients: ['spaces.processing.recipients.staff', 'spaces.processing.recipients.outside.stewards'],
    access: ['spaces.board', 'spaces.configure', 'spaces.resident'],
  },
  {
    // garden_seasons, garden_applications (household, draw rank), garden_allocations.
    purpose: 'spaces.processing.gardens.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'housing', 'activity'],
    retention: 'spaces.processing.gardens.retention',
    recipients: ['spaces.processing.recipients.staff'],
    access: ['spaces.configure', 'spaces.resident'],
  },
  {
    // space_support_sessions: household (or anonymous), day, minutes, topic (job search, CV…), outcome (job found…).
    purpose: 'spaces.processing.support.purpose',
    legalBasis: 'public_interest',
    categories: ['identity', 'social', 'activity'],
    retention: 'spaces.processing.support.retention',
    // Funders get counts only (impact's indicators, supportOutcomes): no personal data leaves.
    recipients: ['spaces.processing.recipients.coworking'],
    access: ['spaces.support', 'spaces.report'],
  },
];
