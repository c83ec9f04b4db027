import type { Hono } from 'hono';
import type { Role } from './access/roles.js';
import type { Database } from './db/database.js';
import type { Migration } from './db/migration.js';
import type { AppEnv } from './http/env.js';
import type { JobDefinition } from './jobs/job.js';
import type { PersonalDataContribution } from './privacy/personal-data.js';
import type { ProcessingActivity } from './privacy/processing.js';
import type { NavEntry } from './ui/navigation.js';

/** What a module tells the platform about itself; app.ts and the migrator read only this. */
export type ModuleManifest = {
  name: string;
  migrations: Migration[];
  permissions: Record<string, Role[]>;
  navigation: NavEntry[];
  messages?: { fr: Record<string, string>; en: Record<string, string> };
  routes: (app: Hono<AppEnv>) => void;
  /** Adds this module's part of the demo story, after the directory's organisations, places and accounts exist. */
  seedDemo?: (database: Database) => Promise<void>;
  /** Recurring jobs (reminders, expiries, retention, summaries), run by the platform's scheduler. */
  jobs?: JobDefinition[];
  /** The personal data it processes, for the record of processing activities (optional; listed as undeclared without). */
  processing?: ProcessingActivity[];
  /** Its part of a person's "My data" export (their records, as that person may read them). */
  personalData?: PersonalDataContribution;
};
