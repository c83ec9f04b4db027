import type { Migration } from '../../../platform/db/migration.js';
import { tenantTable } from '../../../platform/db/migration.js';

// Capacity is guarded by locking the event row (FOR UPDATE) in the registration command; the
// constraints below are the last line: one live registration per household, no double-booked place.
export const migration: Migration = {
  id: '20261204050000_community',
  sql: `
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE community_processes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description text NOT NULL DEFAULT '',
  residence_id uuid REFERENCES residences,
  starts_on date NOT NULL,
  ends_on date,
  open_to_neighbours boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
${tenantTable('community_processes')}

CREATE TABLE community_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  process_id uuid REFERENCES community_processes,
  series_id uuid,
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description text NOT NULL DEFAULT '',
  category text NOT NULL CHECK (category IN ('tasting', 'collection', 'workshop', 'intergenerational', 'outing', 'information', 'committee', 'other')),
  residence_id uuid REFERENCES residences,
  place_id uuid REFERENCES common_places,
  address text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  registration text NOT NULL DEFAULT 'open' CHECK (registration IN ('off', 'open', 'approval')),
  capacity integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000),
  step_free boolean NOT NULL DEFAULT false,
  hearing_loop boolean NOT NULL DEFAULT false,
  languages text NOT NULL DEFAULT '',
  co_organisers text NOT NULL DEFAULT '',
  report text,
  cancelled_at timestamptz,
  created_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (place_id IS NOT NULL OR address IS NOT NULL),
  EXCLUDE USING gist (place_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (place_id IS NOT NULL AND cancelled_at IS NULL)
);
CREATE INDEX community_events_starts ON community_events (organisation_id, starts_at);
${tenantTable('community_events')}

CREATE TABLE community_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  event_id uuid NOT NULL REFERENCES community_events ON DELETE CASCADE,
  household_id uuid REFERENCES households,
  user_id uuid REFERENCES users,
  guest_name text,
  guest_contact text,
  adults smallint NOT NULL DEFAULT 1 CHECK (adults BETWEEN 0 AND 20),
  children smallint NOT NULL DEFAULT 0 CHECK (children BETWEEN 0 AND 20),
  status text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'pending', 'cancelled')),
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  cancel_token_hash text UNIQUE,
  registered_by uuid REFERENCES users,
  attendance text CHECK (attendance IN ('present', 'absent')),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  CHECK (adults + children >= 1),
  CHECK (household_id IS NOT NULL OR user_id IS NOT NULL OR guest_name IS NOT NULL)
);
CREATE UNIQUE INDEX community_registrations_household ON community_registrations (event_id, household_id) WHERE status <> 'cancelled' AND household_id IS NOT NULL;
CREATE INDEX community_registrations_event ON community_registrations (event_id, status, queued_at);
${tenantTable('community_registrations')}

CREATE TABLE community_proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  process_id uuid NOT NULL REFERENCES community_processes,
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 150),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  category text NOT NULL CHECK (category IN ('environment', 'green_spaces', 'safety', 'play', 'mobility', 'community_life', 'other')),
  place text,
  author_user_id uuid REFERENCES users,
  author_household_id uuid REFERENCES households,
  credited_to text,
  entered_by uuid REFERENCES users,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'under_study', 'accepted', 'in_progress', 'done', 'refused')),
  hidden_at timestamptz,
  hidden_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (author_user_id IS NOT NULL OR credited_to IS NOT NULL),
  CHECK (hidden_at IS NULL OR hidden_reason IS NOT NULL)
);
CREATE INDEX community_proposals_process ON community_proposals (process_id, created_at);
${tenantTable('community_proposals')}

CREATE TABLE community_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  proposal_id uuid NOT NULL REFERENCES community_proposals ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('received', 'under_study', 'accepted', 'in_progress', 'done', 'refused')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  answered_by uuid REFERENCES users,
  answered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX community_answers_proposal ON community_answers (proposal_id, answered_at);
${tenantTable('community_answers')}

CREATE TABLE community_supports (
  organisation_id uuid NOT NULL REFERENCES organisations,
  proposal_id uuid NOT NULL REFERENCES community_proposals ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users,
  household_id uuid REFERENCES households,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (proposal_id, user_id),
  UNIQUE (proposal_id, household_id)
);
${tenantTable('community_supports')}

CREATE TABLE community_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  proposal_id uuid NOT NULL REFERENCES community_proposals ON DELETE CASCADE,
  author_user_id uuid NOT NULL REFERENCES users,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  reports integer NOT NULL DEFAULT 0,
  hidden_at timestamptz,
  hidden_reason text,
  hidden_by uuid REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (hidden_at IS NULL OR hidden_reason IS NOT NULL)
);
${tenantTable('community_comments')}

CREATE TABLE community_comment_reports (
  organisation_id uuid NOT NULL REFERENCES organisations,
  comment_id uuid NOT NULL REFERENCES community_comments ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, user_id)
);
${tenantTable('community_comment_reports')}

CREATE TABLE community_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations,
  user_id uuid NOT NULL REFERENCES users,
  proposal_id uuid NOT NULL REFERENCES community_proposals ON DELETE CASCADE,
  answer_id uuid NOT NULL REFERENCES community_answers ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (answer_id, user_id)
);
CREATE INDEX community_notifications_user ON community_notifications (user_id, created_at);
${tenantTable('community_notifications')}
`,
};
