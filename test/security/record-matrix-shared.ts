import { rolesWith, SIGNED_IN } from '../../src/platform/access/authorize.js';
import type { Role } from '../../src/platform/access/roles.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import type { Client } from '../app.js';
import { demo } from '../app.js';
import { deskPeople } from './record-matrix-concierge.js';
import { addMember, browserFor, orgId, type routeTable, type TestApp, UNKNOWN_ID, userId } from './helpers.js';

/**
 * What the record matrices (`record-matrix.test.ts`, `record-matrix-parents.test.ts`) share: the people who attack
 * and the check of routes that reach a record through its parent (`/…/:id/<segment>/:childId/…`).
 */

/** A person of the matrix; `residenceIds` when their membership is limited to some residences. */
export type MatrixActor = { name: string; role: Role; org: string; browser: Client; residenceIds?: string[] };
export type Route = ReturnType<typeof routeTable>[number];

/**
 * The people every record matrix attacks with: Logirem's support staff as their sessions see them (assigned and
 * unassigned advisers, the programme's manager, a commission member, the concierge, the administrator, Elia's
 * partner referent), the staff of Plurial Novilia (demo accounts) and of Logirep (made here) in six roles, a
 * resident of Logirem without a case, one of Plurial Novilia without records and one of Logirep; the concierge desk's
 * own staff (an association of its own) and the staff of another desk serving the same landlord (`deskPeople`).
 */
export async function matrixPeople(t: TestApp): Promise<{ actors: MatrixActor[]; logirem: string; plurial: string; logirep: string }> {
  const owner = t.database.owner;
  const db = t.database.db;
  const actors: MatrixActor[] = [];
  const people: Record<string, { email: string; role: Role }> = {
    'assigned adviser': { email: LOGIREM.adviserA, role: 'social_adviser' },
    'unassigned adviser': { email: LOGIREM.adviserB, role: 'social_adviser' },
    'programme manager': { email: LOGIREM.manager, role: 'programme_manager' },
    'commission member': { email: LOGIREM.member1, role: 'commission_member' },
    'concierge (same org)': { email: LOGIREM.concierge, role: 'concierge' },
    'administrator (same org)': { email: LOGIREM.admin, role: 'org_admin' },
    'partner referent (Elia)': { email: LOGIREM.eliaReferent, role: 'partner_staff' },
  };
  const logirem = await orgId(owner, 'logirem');
  for (const [name, p] of Object.entries(people)) {
    const actor = await actorFor(db, p.email);
    actors.push({ name, role: p.role, org: actor.orgId as string, browser: await browserFor(t, actor.userId, actor.orgId) });
  }
  const plurial = await orgId(owner, 'plurial-novilia');
  const logirep = await orgId(owner, 'logirep');
  const STAFF: Role[] = ['social_adviser', 'programme_manager', 'org_admin', 'concierge', 'facilitator', 'commission_member'];
  for (const role of STAFF) {
    actors.push({ name: `${role} of Plurial Novilia`, role, org: plurial, browser: await browserFor(t, await userId(owner, demo(role)), plurial) });
    actors.push({ name: `${role} of Logirep`, role, org: logirep, browser: await browserFor(t, await addMember(owner, logirep, role, `Logirep ${role}`), logirep) });
  }
  const residents: [string, string][] = [
    ['resident of Logirem without a case', logirem],
    ['resident of Plurial Novilia without records', plurial],
    ['resident of Logirep', logirep],
  ];
  for (const [name, org] of residents) actors.push({ name, role: 'resident', org, browser: await browserFor(t, await addMember(owner, org, 'resident', name), org) });
  actors.push(...(await deskPeople(t)));
  return { actors, logirem, plurial, logirep };
}

/**
 * Two facilitators of an organisation limited to one residence each (`memberships.residence_ids`): one to `inside`
 * (a parent's residence), one to another residence of the organisation, added here (as the directory's import
 * would) so that it holds no space. The matrix tells them apart from staff of the whole organisation.
 */
export async function residenceLimitedFacilitators(t: TestApp, org: string, inside: string): Promise<MatrixActor[]> {
  const owner = t.database.owner;
  const ref = `MATRIX-${Math.random().toString(36).slice(2, 8)}`;
  const outside = (await owner.query("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, 'Résidence hors périmètre', '1 rue de la Matrice', '51100', 'Reims') returning id::text", [org, ref])).rows[0].id as string;
  const out: MatrixActor[] = [];
  for (const [name, residence] of [
    ['facilitator limited to the parent’s residence', inside],
    ['facilitator limited to another residence', outside],
  ] as const) {
    const user = await addMember(owner, org, 'facilitator', name, { residence_ids: [residence] });
    out.push({ name, role: 'facilitator', org, browser: await browserFor(t, user, org), residenceIds: [residence] });
  }
  return out;
}

/**
 * A record reached through its parent. `own` gives, for each path segment before a parameter (`cases`, `decisions`,
 * `spaces`, `resources` …, or the parameter's name when no segment precedes it), the id it takes under the record's
 * own parent; `other` the same under another parent the same people may read, where the record is not (404).
 */
export type Parented = {
  label: string;
  org: string;
  own: Record<string, string>;
  other: Record<string, string>;
  /** The people the relationship grants the record to (when their role holds the route's permission). */
  grants: Set<string>;
  /** Staff of the record's organisation holding this permission (`route`: the route's own) are granted it too. */
  staffPermission?: string;
  /** The residences of the own and the other parent: staff limited to other residences are refused (403). */
  residences?: [string, string];
  /** The form a refused write sends (a valid one, so that only the record's rule can refuse it). */
  body?: Record<string, string>;
  /** Which id a missing record replaces, to compare a refusal made before the lookup (default: the route's last). */
  missingKey?: string;
};

const SEGMENT_PARAM = /\/([a-z-]+)\/:([a-zA-Z]+)/g;

/** The keys a route's parameters take their ids from, in order (see `Parented`). */
export function paramKeys(path: string): string[] {
  const keys: string[] = [];
  const rest = path.replace(SEGMENT_PARAM, (_m, segment: string) => {
    keys.push(segment);
    return '/';
  });
  for (const m of rest.matchAll(/:([a-zA-Z]+)/g)) keys.push(m[1]);
  return keys;
}

/** The route with its parameters filled from `values` (see `Parented`), or null when one is missing. */
export function fillPath(path: string, values: Record<string, string>): string | null {
  let missing = false;
  const take = (key: string) => {
    if (!(key in values)) missing = true;
    return values[key] ?? '';
  };
  const url = path.replace(SEGMENT_PARAM, (_m, segment: string) => `/${segment}/${take(segment)}`).replace(/:([a-zA-Z]+)/g, (_m, name: string) => take(name));
  return missing ? null : url;
}

export type MatrixTally = { checked: number; beforeLookup: number; routes: Set<string>; mismatches: string[] };
export const newTally = (): MatrixTally => ({ checked: 0, beforeLookup: 0, routes: new Set(), mismatches: [] });

/**
 * Sends a route, filled for a parented record, as every actor, under the record's own parent and under the other:
 *   - the role lacks the route's permission → 403;
 *   - staff of the record's organisation limited to residences that do not include the parent's → 403 (the policy's
 *     `authorize` on the parent's residence);
 *   - under its own parent, the relationship (or the staff permission) grants it → answered (a write is then not
 *     sent, since it would change the record);
 *   - otherwise → 404;
 *   - a refusal made before the lookup (400, 403, 422) stands for the 404 or the residence's 403 when a missing record
 *     under the same parent gets the same answer.
 */
export async function checkParented(route: Route, fixture: Parented, actors: MatrixActor[], tally: MatrixTally): Promise<void> {
  const allowedRoles = route.permission === SIGNED_IN ? null : rolesWith(route.permission as string);
  const staffPermission = fixture.staffPermission === 'route' ? (route.permission as string) : fixture.staffPermission;
  const keys = paramKeys(route.path);
  const child = fixture.missingKey ?? keys[keys.length - 1];
  const send = (actor: MatrixActor, url: string) => (route.method === 'GET' ? actor.browser.get(url) : actor.browser.post(url, fixture.body ?? {}));
  for (const underOwn of [true, false]) {
    const values = underOwn ? fixture.own : fixture.other;
    const url = fillPath(route.path, values) as string;
    await Promise.all(
      actors.map(async (actor) => {
        const holds = allowedRoles === null || allowedRoles.includes(actor.role);
        const sameOrg = actor.org === fixture.org;
        const residence = fixture.residences?.[underOwn ? 0 : 1];
        const limited = sameOrg && !!actor.residenceIds && !!residence && !actor.residenceIds.includes(residence);
        const staff = staffPermission !== undefined && sameOrg && rolesWith(staffPermission).includes(actor.role);
        const granted = underOwn && holds && !limited && (fixture.grants.has(actor.name) || staff);
        if (route.method === 'POST' && granted) return;
        const expected = !holds || limited ? '403' : granted ? 'answered' : '404';
        const res = await send(actor, url);
        tally.checked++;
        tally.routes.add(`${route.method} ${route.path}`);
        const got = res.status;
        let ok = expected === 'answered' ? got < 400 || (![401, 403, 404].includes(got) && got < 500) : String(got) === expected;
        // Refused before the record is looked up (an API body refused by its schema, 400; a form, 422): as good as the
        // expected refusal when a missing record under the same parent gets the same answer, since nothing leaks.
        if (!ok && (expected === '404' || (expected === '403' && holds)) && [400, 403, 422].includes(got)) {
          ok = (await send(actor, fillPath(route.path, { ...values, [child]: UNKNOWN_ID }) as string)).status === got;
          if (ok) tally.beforeLookup++;
        }
        if (!ok) tally.mismatches.push(`${route.method} ${route.path} (${fixture.label} ${underOwn ? 'under its own' : 'under another'} parent) as ${actor.name} (${sameOrg ? 'same' : 'other'} organisation) → ${got}, expected ${expected}`);
      }),
    );
  }
}
