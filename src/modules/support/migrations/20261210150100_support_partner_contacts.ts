import { type Migration, tenantTable } from '../../../platform/db/migration.js';

const ORG = `nullif(current_setting('app.org_id', true), '')::uuid`;

export const migration: Migration = {
  id: '20261210150100_support_partner_contacts',
  sql: `
-- A partner association's shared address for notices (a referral made to it, ended or revoked; a landlord's answer
-- to one of its proposals): a team mailbox that outlives any one staff member. Set by the association itself.
CREATE TABLE support_partner_contacts (
  organisation_id uuid PRIMARY KEY REFERENCES organisations,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND position('@' in email) > 1),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users
);
${tenantTable('support_partner_contacts')}

-- The landlord's transaction queues the notice: it reads the partner's address only for a partner it works with
-- (a partnership row of the caller's organisation), and only that address.
CREATE FUNCTION support_partner_contact(p_partner uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.email FROM support_partner_contacts c
   WHERE c.organisation_id = p_partner
     AND EXISTS (SELECT 1 FROM partnerships p WHERE p.organisation_id = ${ORG} AND p.partner_id = p_partner)
$$;
REVOKE ALL ON FUNCTION support_partner_contact(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_partner_contact(uuid) TO palier_app;
`,
};
