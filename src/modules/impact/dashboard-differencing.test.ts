import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { disclosed } from './domain/differencing.js';
import { periodOf } from './domain/period.js';
import { dashboard } from './queries/dashboard.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
// A year the demo never touches: only the support sessions written here count.
const YEAR = 2019;
const HOUSEHOLDS = 'spaces.support_households';
let orgId: string;
let someUser: string;

/**
 * Nine residences helping 6 households each (all hidden, threshold 11), laid out so that, were each
 * grouping checked only against the residence view, agency N1 + agency N2 − ordinary − student would
 * give residence 8 back (and so would agency S1 + S2 − intergenerational − pension de famille):
 *   residence:  0   1   2   3   4   5   6   7   8
 *   agency:     N1  N1  N2  N2  S1  S1  S2  S2  N1
 *   type:       ord stu ord stu int pdf int pdf int
 */
const AGENCY = ['N1', 'N1', 'N2', 'N2', 'S1', 'S1', 'S2', 'S2', 'N1'];
const KIND = ['ordinary', 'student', 'ordinary', 'student', 'intergenerational', 'pension_de_famille', 'intergenerational', 'pension_de_famille', 'intergenerational'];

beforeAll(async () => {
  t = await testApp();
  orgId = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  const space = (await q('select id from spaces where organisation_id = $1 order by name limit 1', [orgId]))[0].id;
  const agencies = new Map<string, string>();
  for (const name of new Set(AGENCY)) agencies.set(name, (await q('insert into agencies (organisation_id, name) values ($1, $2) returning id', [orgId, `Agence diff ${name}`]))[0].id);
  for (let r = 0; r < 9; r++) {
    const residence = (
      await q(`insert into residences (organisation_id, reference, name, address, postcode, city, kind, agency_id) values ($1, $2, $3, '1 rue du Test', '51100', 'Reims', $4, $5) returning id`, [
        orgId,
        `DIFF-${r}`,
        `Résidence diff ${r}`,
        KIND[r],
        agencies.get(AGENCY[r]),
      ])
    )[0].id;
    for (let h = 0; h < 6; h++) {
      const household = (await q('insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id', [orgId, `DIFF-H${r}-${h}`, `Foyer diff ${r}-${h}`]))[0].id;
      await q(`insert into space_support_sessions (organisation_id, space_id, residence_id, household_id, held_on, minutes, topic) values ($1, $2, $3, $4, '2019-03-15', 60, 'job_search')`, [orgId, space, residence, household]);
    }
  }
});

const staff = (): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

describe('differencing between the agency and the type views of the dashboard', () => {
  it('lets nobody give a hidden residence back by subtracting one grouping’s figures from the other’s', async () => {
    const view = (group: 'residence' | 'agency' | 'type') => dashboard(t.database.db, staff(), { period: periodOf(YEAR), residenceId: null, group });
    const [res, byAgency, byType] = [await view('residence'), await view('agency'), await view('type')];
    const col = (d: typeof res) => d.columns.find((c) => c.indicator.key === HOUSEHOLDS);
    const index = new Map(res.residences.map((r, i) => [r.id, i]));
    const hidden = col(res)?.hidden ?? [];
    const mine = res.residences.flatMap((r, i) => (r.name.startsWith('Résidence diff') ? [i] : []));
    expect(mine.every((i) => hidden[i])).toBe(true);
    expect(col(res)?.total).toBe(54);
    // What a reader holds: the total, and every group shown in either view, as sums of residences.
    const shown = (d: typeof res) => d.rows.filter((_, k) => col(d)?.cells[k] !== null).map((r) => r.residenceIds.map((id) => index.get(id) as number));
    const sums = [...shown(byAgency), ...shown(byType), res.residences.map((_, i) => i)];
    expect(disclosed(hidden, sums)).toEqual([]);
    // The attack itself: each half's four figures are never all shown.
    const cell = (d: typeof res, name: string) => col(d)?.cells[d.rows.findIndex((r) => r.name === name)];
    const halves = [
      [cell(byAgency, 'Agence diff N1'), cell(byAgency, 'Agence diff N2'), cell(byType, 'ordinary'), cell(byType, 'student')],
      [cell(byAgency, 'Agence diff S1'), cell(byAgency, 'Agence diff S2'), cell(byType, 'intergenerational'), cell(byType, 'pension_de_famille')],
    ];
    for (const half of halves) expect(half.some((v) => v === null)).toBe(true);
    // …and not everything is hidden: the views still say something.
    expect([...halves[0], ...halves[1]].filter((v) => v !== null).length).toBeGreaterThanOrEqual(4);
  });
});
