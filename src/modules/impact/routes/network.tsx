import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { setNetworkShares } from '../commands/set-shares.js';
import { parsePeriod } from '../domain/period.js';
import { networkLandlordCsv } from '../exports/network-csv.js';
import { BENCHMARK_KEYS, benchmark, networksOf, sharedKeys } from '../queries/benchmark.js';
import { NetworkPage } from '../views/network-page.js';

/** The network asked for (else the first), the year, and the viewer's organisation's name when it is a member; null: 404. */
async function readNetwork(c: Context<AppEnv>, actor: Actor) {
  const db = c.get('services').database.db;
  const networks = await networksOf(db, actor);
  const asked = c.req.query('network');
  const network = asked ? networks.find((n) => n.id === asked) : networks[0];
  if (asked && !network) return null;
  const period = parsePeriod(c.req.query('year'), undefined);
  const chart = BENCHMARK_KEYS.find((k) => k === c.req.query('chart')) ?? BENCHMARK_KEYS[0];
  const memberOf = !!network && network.id !== actor.orgId;
  const own = memberOf ? await db.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirst() : undefined;
  return { networks, network: network ?? null, period, chart, ownName: own ? (own.name as string) : null };
}

export function registerNetworkRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact/network', 'impact.network.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const db = c.get('services').database.db;
    const r = await readNetwork(c, actor);
    if (!r) return errorPage(c, 404);
    const { network } = r;
    const isMember = !!network && network.id !== actor.orgId && authorize(actor, 'impact.network.share') === 'allow';
    const rows = network ? await benchmark(db, actor, network.id, r.period) : [];
    const shares = network && isMember ? await sharedKeys(db, actor, network.id) : null;
    const view = c.req.query('group') === 'landlord' ? 'landlord' : 'indicator';
    return c.html(<NetworkPage c={c} networks={r.networks} network={network} year={r.period.year} rows={rows} shares={shares} saved={c.req.query('saved') === '1'} view={view} chart={r.chart} ownName={r.ownName} />);
  });

  // The table by landlord leaves the platform: in the audit trail, like the dashboard's exports.
  route(app, 'GET', '/impact/network/export.csv', 'impact.network.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const r = await readNetwork(c, actor);
    if (!r?.network) return errorPage(c, 404);
    const db = c.get('services').database.db;
    const rows = await benchmark(db, actor, r.network.id, r.period);
    await withTenant(db, { orgId: actor.orgId }, (tx) =>
      audit(tx, { action: 'impact.exported.network_csv', actor, targetType: 'impact_network', targetId: r.network?.id, details: { network: r.network?.id, year: r.period.year } }),
    );
    return c.body(networkLandlordCsv(c.get('t'), rows, r.ownName), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="reseau-par-bailleur-${r.period.year}.csv"`,
    });
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
