import type { Migration } from '../../db/migration.js';
import { tenantTable } from '../../db/migration.js';

// job_runs: one row per (job, scheduled slot); the primary key is what makes a slot run once across
// every Palier process. notifications: an outbox written in the same transaction as the change it
// announces, delivered (and retried) by a job, so a notice is never lost nor sent for a rolled-back change.
export const migration: Migration = {
  id: '20261204180000_jobs_notifications',
  sql: `
CREATE TABLE job_runs (
  job text NOT NULL,
  scheduled_for timestamptz NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'done', 'failed')),
  result jsonb,
  error text,
  PRIMARY KEY (job, scheduled_for)
);
CREATE INDEX job_runs_recent ON job_runs (job, started_at DESC);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
  user_id uuid REFERENCES users ON DELETE SET NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'none')),
  recipient text,
  subject text NOT NULL,
  body text NOT NULL,
  sms text,
  attachments jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'unreachable')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((channel = 'none') = (recipient IS NULL))
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
${tenantTable('notifications')}`,
};
