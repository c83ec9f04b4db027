import { PUBLIC, rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import type { Role } from '../../src/platform/access/roles.js';
import { demo } from '../app.js';
import { routeTable, type TestApp } from './helpers.js';

/** Where the ids for a route's parameters come from, by the path segment just before the parameter. */
export const ID_SOURCES: Record<string, string[]> = {
  activation: ['users'],
  residences: ['residences'],
  households: ['households'],
  members: ['memberships', 'users'],
  events: ['community_events'],
  meetings: ['community_events'],
  club: ['community_events'],
  processes: ['community_processes'],
  proposals: ['community_proposals'],
  comments: ['community_comments'],
  cases: ['support_cases'],
  decisions: ['support_decisions'],
  documents: ['support_case_documents'],
  sessions: ['support_sessions'],
  dossiers: ['support_dossiers'],
  programmes: ['support_programmes'],
  bookings: ['space_bookings'],
  spaces: ['spaces'],
  practices: ['impact_practices'],
  services: ['concierge_catalogue'],
  requests: ['concierge_requests'],
  statements: ['concierge_statements'],
  receipts: ['concierge_receipts'],
  payouts: ['concierge_payout_statements'],
  catalogue: ['concierge_catalogue'],
  providers: ['concierge_providers'],
  counter: ['households', 'users'],
};

const LITERAL: Record<string, string> = { org: 'plurial-novilia', kind: 'residences', token: 'x'.repeat(43) };

/** The roles tried first for a route: the widest staff roles of the demo organisation, the resident last. */
const PREFERENCE: Role[] = ['org_admin', 'social_adviser', 'programme_manager', 'facilitator', 'concierge', 'commission_member', 'partner_staff', 'network_member', 'platform_admin', 'resident'];

export type RealRoute = {
  method: 'GET' | 'POST';
  path: string;
  /** null: anonymous (public route). */
  role: Role | null;
  /** The path's segments with every parameter filled by a real id of the role's organisation. */
  segments: string[];
  /** Indexes of the parameter segments. */
  params: number[];
};

/** Every declared route, with a role that may reach it and real ids of that role's organisation in its parameters. */
export async function realRoutes(t: TestApp): Promise<RealRoute[]> {
  const owner = t.database.owner;
  const orgOf = new Map<Role, string>();
  for (const role of PREFERENCE) {
    const r = await owner.query('select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1 limit 1', [demo(role)]);
    orgOf.set(role, r.rows[0]?.organisation_id);
  }
  const cache = new Map<string, string | undefined>();
  const idOf = async (table: string, org: string | undefined): Promise<string | undefined> => {
    const key = `${table}/${org}`;
    if (!cache.has(key)) {
      const cols = (await owner.query('select column_name from information_schema.columns where table_name = $1', [table])).rows.map((r) => r.column_name);
      const where = cols.includes('organisation_id') && org ? 'where organisation_id = $1' : 'where $1::text is not null';
      const r = await owner.query(`select id::text from "${table}" ${where} order by id limit 1`, [org ?? 'x']);
      cache.set(key, r.rows[0]?.id);
    }
    return cache.get(key);
  };
  const out: RealRoute[] = [];
  for (const r of routeTable()) {
    const allowed = r.permission === SIGNED_IN ? PREFERENCE : rolesWith(r.permission as string);
    const role = r.permission === PUBLIC ? null : (PREFERENCE.find((x) => allowed.includes(x)) ?? null);
    if (r.permission !== PUBLIC && !role) continue;
    const segments = r.path.split('/');
    const params = segments.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
    for (const i of params) {
      const name = segments[i].slice(1).replace(/\{.*$/, '');
      if (LITERAL[name]) segments[i] = LITERAL[name];
      else {
        let id: string | undefined;
        const tables = r.path.startsWith('/admin/privacy/') ? ['privacy_requests'] : (ID_SOURCES[segments[i - 1]] ?? ['households']);
        for (const table of tables) id ??= await idOf(table, role ? orgOf.get(role) : orgOf.get('resident'));
        segments[i] = id ?? '7a1d1f0e-0000-4000-8000-000000000000';
      }
    }
    out.push({ method: r.method, path: r.path, role, segments, params });
  }
  return out;
}
