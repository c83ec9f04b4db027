import { deliverPendingNotifications, purgeOldNotifications } from '../notify/index.js';
import type { JobDefinition } from './job.js';

/** The platform's own housekeeping: notices out, expired secrets and old texts gone. */
export const platformJobs: JobDefinition[] = [
  {
    name: 'platform.deliver-notifications',
    schedule: '* * * * *',
    description: 'Sends queued notices (e-mail, SMS) and retries failed ones.',
    run: async ({ services }) => deliverPendingNotifications(services, 500),
  },
  {
    name: 'platform.purge-expired',
    schedule: '15 3 * * *',
    description: 'Deletes expired sessions and one-time codes; keeps only the fact of notices older than 30 days.',
    run: async ({ services, now }) => {
      const owner = services.database.owner;
      const at = now.toISOString();
      const sessions = await owner.query(`delete from sessions where expires_at < $1::timestamptz or last_seen_at + make_interval(mins => idle_minutes) < $1::timestamptz`, [at]);
      const codes = await owner.query(`delete from one_time_codes where expires_at < $1::timestamptz - interval '1 day'`, [at]);
      const notices = await purgeOldNotifications(services, now);
      return {
        sessions: sessions.rowCount ?? 0,
        codes: codes.rowCount ?? 0,
        notices,
      };
    },
  },
];
