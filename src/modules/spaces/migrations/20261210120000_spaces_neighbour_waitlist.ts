import type { Migration } from '../../../platform/db/migration.js';

const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";

// Waiting lists for neighbours (docs/decisions/neighbourhoods.md): a neighbour's place in line is a
// row of the space's landlord, like their booking, naming the guest's landlord and the household's
// name. The offer made from it copies both onto the 'offered' booking, which the bookings' guest
// trigger checks again. The same trigger function checks a guest waiting entry (same columns), and
// the guest's landlord reads its own households' entries, nothing else of the owner's list.
export const migration: Migration = {
  id: '20261210120000_spaces_neighbour_waitlist',
  sql: `
ALTER TABLE space_waitlist
  ADD COLUMN guest_org_id uuid REFERENCES organisations,
  ADD COLUMN guest_name text,
  ADD CONSTRAINT space_waitlist_guest_card CHECK ((guest_org_id IS NULL) = (guest_name IS NULL)),
  ADD CONSTRAINT space_waitlist_guest_other CHECK (guest_org_id IS DISTINCT FROM organisation_id);
CREATE INDEX space_waitlist_guest ON space_waitlist (guest_org_id, household_id) WHERE guest_org_id IS NOT NULL;

CREATE TRIGGER space_waitlist_guest_check BEFORE INSERT OR UPDATE OF household_id, guest_org_id, space_id ON space_waitlist
  FOR EACH ROW WHEN (NEW.guest_org_id IS NOT NULL AND NEW.status = 'waiting')
  EXECUTE FUNCTION spaces_check_guest_booking();

CREATE POLICY space_waitlist_guest_read ON space_waitlist FOR SELECT USING (guest_org_id = ${ORG});`,
};
