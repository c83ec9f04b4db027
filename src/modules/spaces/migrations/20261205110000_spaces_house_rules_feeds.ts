import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// House rules are versioned: every change of their text bumps the version (a trigger, so no path that
// writes a space can forget it), and a booking keeps when it accepted which version. A space may publish
// its busy times (never who booked) as a calendar anyone may read; a person may have a private feed of
// their household's bookings behind a secret address — only the secret's hash is kept, one live per person.
export const migration: Migration = {
  id: '20261205110000_spaces_house_rules_feeds',
  sql: `
ALTER TABLE spaces ADD COLUMN house_rules_version integer NOT NULL DEFAULT 1;
ALTER TABLE spaces ADD COLUMN public_calendar boolean NOT NULL DEFAULT false;
CREATE FUNCTION spaces_bump_house_rules_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.house_rules_version := OLD.house_rules_version + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER spaces_house_rules_version BEFORE UPDATE OF house_rules ON spaces
  FOR EACH ROW WHEN (OLD.house_rules IS DISTINCT FROM NEW.house_rules) EXECUTE FUNCTION spaces_bump_house_rules_version();

ALTER TABLE space_bookings ADD COLUMN house_rules_accepted_at timestamptz;
ALTER TABLE space_bookings ADD COLUMN house_rules_version integer;
ALTER TABLE space_bookings ADD CONSTRAINT space_bookings_house_rules_pair CHECK ((house_rules_accepted_at IS NULL) = (house_rules_version IS NULL));

CREATE TABLE space_calendar_feeds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE UNIQUE INDEX space_calendar_feeds_live ON space_calendar_feeds (organisation_id, user_id) WHERE revoked_at IS NULL;
${tenantTable('space_calendar_feeds')}
`,
};
