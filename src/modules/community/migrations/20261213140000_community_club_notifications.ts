import type { Migration } from '../../../platform/db/migration.js';

// In-app notices of club meetings (docs/decisions/network-meetings.md): a member landlord's staff member
// told of a place confirmed, a seat freed for them, or the meeting moved or cancelled gets a row of
// `community_notifications` of their own landlord, naming the network in `event_org_id` — as a neighbour's
// names the organising landlord — so "Mes avis" reads nothing of the network's tenant. The place is now
// copied too (it was in the e-mail only), for club meetings and activities alike: the notice's public
// facts are the title, when, where and, once cancelled, the reason. Earlier rows keep no place (NULL).
export const migration: Migration = {
  id: '20261213140000_community_club_notifications',
  sql: `
ALTER TABLE community_notifications
  ADD COLUMN event_place text CHECK (length(event_place) <= 1000);
`,
};
