import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { setNetworkShares } from '../commands/set-shares.js';
import { parsePeriod } from '../domain/period.js';
import { benchmark, networksOf, sharedKeys } from '../queries/benchmark.js';
import { NetworkPage } from '../views/network-page.js';

export function registerNetworkRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact/network', 'impact.network.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const db = c.get('services').database.db;
    const networks = await networksOf(db, actor);
    const asked = c.req.query('network');
    const network = asked ? networks.find((n) => n.id === asked) : networks[0];
    if (asked && !network) return errorPage(c, 404);
    const period = parsePeriod(c.req.query('year'), undefined);
    const isMember = !!network && network.id !== actor.orgId && authorize(actor, 'impact.network.share') === 'allow';
    const rows = network ? await benchmark(db, actor, network.id, period) : [];
    const shares = network && isMember ? await sharedKeys(db, actor, network.id) : null;
    return c.html(<NetworkPage c={c} networks={networks} network={network ?? null} year={period.year} rows={rows} shares={shares} saved={c.req.query('saved') === '1'} />);
  });

  route(app, 'POST', '/impact/network/shares', 'impact.network.share', async (c) => {
    const actor = c.get('actor') as Actor;
    const networkId = c.req.query('network') ?? '';
    const form = await c.req.parseBody({ all: true });
    const raw = form.share;
    const keys = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    try {
      await setNetworkShares(c.get('services').database.db, actor, networkId, keys);
    } catch (e) {
      if (e instanceof HttpError) return errorPage(c, e.status === 404 ? 404 : 403);
      throw e;
    }
    return c.redirect(`/impact/network?network=${networkId}&saved=1`, 303);
  });
}
