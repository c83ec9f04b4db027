import type { Migration } from '../../../platform/db/migration.js';

// Answers to proposals of another landlord's process, for a neighbour who made, supported or commented
// one: the in-app notification is a row of the neighbour's own landlord (like their e-mail or SMS
// notice), naming the process's landlord (`proposal_org_id`; null for the landlord's own proposals),
// so the neighbour's page finds it in their own context and reads the answer's public text in the
// process's landlord's. The process's landlord never holds a row about the neighbour's account.
export const migration: Migration = {
  id: '20261210110100_community_neighbour_notifications',
  sql: `
ALTER TABLE community_notifications ADD COLUMN proposal_org_id uuid REFERENCES organisations,
  ADD CONSTRAINT community_notifications_other_landlord CHECK (proposal_org_id IS DISTINCT FROM organisation_id);
`,
};
