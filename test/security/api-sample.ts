import type { Role } from '../../src/platform/access/roles.js';
import { workingDayAhead } from '../../src/modules/spaces/testing.js';
import { demo } from '../app.js';
import type { TestApp } from './helpers.js';

/**
 * Bodies for the /api/v1 POST endpoints made from their declared zod schemas (`z.toJSONSchema`), with real ids of
 * the sender's organisation: shared by `api-bodies.test.ts` (attacks added to a valid body) and
 * `field-allowlist-post.test.ts` (the fields of the answers).
 */
export type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; const?: unknown; format?: string; anyOf?: Schema[]; oneOf?: Schema[]; minimum?: number; exclusiveMinimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; pattern?: string; default?: unknown };

/** Tables whose ids a body field names, by the field's name (`householdId` → households). */
export const FIELD_TABLES: Record<string, string> = {
  household: 'households',
  residence: 'residences',
  space: 'spaces',
  resource: 'space_resources',
  programme: 'support_programmes',
  case: 'support_cases',
  event: 'community_events',
  process: 'community_processes',
  proposal: 'community_proposals',
  service: 'concierge_catalogue',
  catalogue: 'concierge_catalogue',
  provider: 'concierge_providers',
  request: 'concierge_requests',
  booking: 'space_bookings',
  session: 'support_sessions',
  user: 'users',
  member: 'users',
  reader: 'users',
  adviser: 'users',
  team: 'support_teams',
  dossier: 'support_dossiers',
  decision: 'support_decisions',
  place: 'community_places',
};

export type Sampler = {
  /** A value the schema accepts (as far as a schema says: rules across fields are the handler's). */
  sample: (s: Schema, name: string, role: Role) => Promise<unknown>;
  /** When set, body ids come from this organisation (else the role's demo account's). */
  setOrg: (org: string | null) => void;
};

export function bodySampler(t: TestApp): Sampler {
  const ids = new Map<string, string | undefined>();
  let bodyOrg: string | null = null;
  const idFor = async (field: string, role: Role): Promise<string> => {
    const stem = field.replace(/Ids?$|_ids?$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split('_').pop() as string;
    const table = FIELD_TABLES[stem] ?? 'households';
    const key = `${table}/${role}/${bodyOrg}`;
    if (!ids.has(key)) {
      const org = bodyOrg ?? (await t.database.owner.query('select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1 order by 1 limit 1', [demo(role)])).rows[0]?.organisation_id;
      const cols = (await t.database.owner.query('select column_name from information_schema.columns where table_name = $1', [table])).rows.map((r) => r.column_name);
      const r = cols.includes('organisation_id') ? await t.database.owner.query(`select id::text from "${table}" where organisation_id = $1 order by id limit 1`, [org]) : table === 'users' ? await t.database.owner.query('select u.id::text from users u join memberships m on m.user_id = u.id where m.organisation_id = $1 order by u.id limit 1', [org]) : { rows: [] };
      ids.set(key, r.rows[0]?.id);
    }
    return ids.get(key) ?? '7a1d1f0e-0000-4000-8000-000000000000';
  };
  const sample = async (s: Schema, name: string, role: Role): Promise<unknown> => {
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    if (s.default !== undefined) return s.default;
    const alt = s.anyOf ?? s.oneOf;
    if (alt) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], name, role);
    const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
    if (type === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = await sample(v, k, role);
      return out;
    }
    if (type === 'array') return s.items ? [await sample(s.items, name, role)].concat(s.minItems && s.minItems > 1 ? [await sample(s.items, name, role)] : []) : [];
    if (type === 'integer' || type === 'number') {
      const wanted = /minutes/i.test(name) ? 60 : /year/i.test(name) ? new Date().getFullYear() + 1 : 1;
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : wanted);
      return Math.min(Math.max(low, wanted), s.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    if (type === 'boolean') return false;
    if (s.format === 'uuid' || /[Ii]ds?$/.test(name) || /\[0-9a-fA-F\]\{8\}/.test(s.pattern ?? '')) return idFor(name, role);
    if (/^(held|done)On$/.test(name)) return new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    if (name === 'date') return workingDayAhead(7);
    if (/(On|Date)$/.test(name)) return new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
    if (/^end|^to$|[eE]ndTime$/.test(name)) return '12:00';
    if (/^(start|from)$|Time$/.test(name)) return '10:00';
    if (s.format === 'date') return new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
    if (s.format === 'date-time') return new Date(Date.now() + 40 * 86400_000).toISOString();
    if (s.format === 'email') return 'someone@example.org';
    if (s.pattern && /\\d\{2\}:\\d\{2\}|\[0-2\]/.test(s.pattern)) return '10:00';
    if (s.pattern && /\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(s.pattern)) return new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
    return 'API body test'.padEnd(s.minLength ?? 0, '.').slice(0, s.maxLength ?? 200);
  };
  return { sample, setOrg: (org) => (bodyOrg = org) };
}
