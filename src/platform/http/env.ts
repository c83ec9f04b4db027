import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Actor } from '../access/actor.js';
import type { SessionRow } from '../auth/sessions.js';
import type { Database } from '../db/database.js';
import type { Locale, Translate } from '../i18n/index.js';
import type { Mailer } from '../mail/mailer.js';

/** What every request handler can reach: the shared services, built once at start. */
export type Services = { config: Config; database: Database; mailer: Mailer; log: Logger; migrationIds: string[] };

export type AppEnv = {
  Variables: {
    services: Services;
    actor: Actor | null;
    session: (SessionRow & { token: string }) | null;
    locale: Locale;
    t: Translate;
    csrf: string;
    secureHeadersNonce?: string;
    requestId: string;
  };
};
