import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { timeoutsOf, withLongTimeouts } from '../../../platform/db/timeouts.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { exportCsv } from '../commands/export-csv.js';
import { IMPORT_KINDS, type ImportKind } from '../commands/import/rows.js';

/** The download links of the lists: the CSV is streamed as it is read, whatever the size of the register. */
export function registerExportRoute(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/export/:kind', 'directory.export', (c) => {
    const actor = c.get('actor');
    const kind = c.req.param('kind') as ImportKind;
    if (!actor || !IMPORT_KINDS.includes(kind)) return c.notFound();
    const day = new Date().toISOString().slice(0, 10);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${kind}-${day}.csv"`);
    c.header('cache-control', 'no-store');
    const { db } = c.get('services').database;
    const { log, config } = c.get('services');
    return stream(
      c,
      async (s) => {
        // The whole register (146,000 dwellings at landlord scale) is read page by page: the long timeouts, not a request's.
        await withLongTimeouts(timeoutsOf(config)?.long ?? null, () => exportCsv(db, kind, actor, { write: (chunk) => s.write(chunk) }));
      },
      async (err) => {
        log.error({ err: { message: err.message } }, 'export failed');
      },
    );
  });
}
