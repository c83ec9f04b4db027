import type { ProcessingActivity } from '../../platform/privacy/processing.js';
import { P } from './policy.js';

/**
 * What community life processes (GDPR art. 30): registrations and attendance (people without an account
 * too), proposals, supports and comments of participation processes, photos of activities taken with the
 * consent of the people shown. Texts are keys of messages-processing.ts.
 */
export const COMMUNITY_PROCESSING: ProcessingActivity[] = [
  {
    // community_registrations (household, user, or guest name and contact), attendance, reminders, calendar feeds,
    // in-app notifications of registrations (community_notifications with a kind: the activity's public facts).
    // Staff of a network's member landlords registered to its club meetings: rows of the network with their name and landlord (staff_org_id, staff_name).
    purpose: 'community.processing.registrations.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'contact', 'activity'],
    // Guests: erased by the community.guest-purge job (GUEST_RETENTION_DAYS); residents' registrations: by hand.
    retention: 'community.processing.registrations.retention',
    recipients: ['community.processing.recipients.organisers', 'community.processing.recipients.outside.coOrganisers'],
    access: [P.manage, P.attendance, P.register],
  },
  {
    // community_proposals, community_supports, community_comments, answers, reports of abuse, moderation.
    purpose: 'community.processing.participation.purpose',
    legalBasis: 'legitimate_interest',
    categories: ['identity', 'activity'],
    retention: 'community.processing.participation.retention',
    recipients: ['community.processing.recipients.outside.residents', 'community.processing.recipients.organisers'],
    access: [P.read, P.propose, P.support, P.comment, P.answer, P.moderate],
  },
  {
    // community_event_photos: kept only with consent_by / consent_at; removed by the organiser on withdrawal.
    purpose: 'community.processing.photos.purpose',
    legalBasis: 'consent',
    categories: ['identity', 'activity'],
    retention: 'community.processing.photos.retention',
    recipients: ['community.processing.recipients.outside.residents', 'community.processing.recipients.organisers'],
    access: [P.manage, P.read],
  },
];
