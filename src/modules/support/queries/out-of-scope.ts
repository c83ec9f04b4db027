import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { asActor } from '../commands/result.js';
import { householdPlaces } from '../../directory/index.js';
import { programmeCovers, type ProgrammeScope } from '../domain/scope.js';

/** An open case whose household no longer lives where the programme applies; the reference only, to link to the case. */
export type OutOfScopeCase = { id: string; reference: string; reason: 'outside' | 'noDwelling' };

/**
 * The programme's open cases whose household lives, today, outside `scope` (the programme's own, or a
 * scope about to be saved). Computed at read time from the directory's current occupancies, so a
 * household that moved shows up without anything to keep in step. Runs as the person of the
 * transaction: the programme's manager sees all its cases (row-level security), anyone else fewer.
 */
export async function openCasesOutOfScope(tx: Tx, programmeId: string, scope: ProgrammeScope): Promise<OutOfScopeCase[]> {
  if (scope.residence_ids.length === 0 && scope.residence_kinds.length === 0) return [];
  const cases = await tx
    .selectFrom('support_cases')
    .select(['id', 'reference', 'household_id'])
    .where('programme_id', '=', programmeId)
    .where('status', '=', 'open')
    .where('anonymised_at', 'is', null)
    .orderBy('reference')
    .execute();
  const places = await householdPlaces(tx, [...new Set(cases.map((c) => c.household_id as string))]);
  const out: OutOfScopeCase[] = [];
  for (const c of cases) {
    const covered = programmeCovers(scope, places.get(c.household_id as string) ?? null);
    if (covered !== 'covered') out.push({ id: c.id as string, reference: c.reference as string, reason: covered });
  }
  return out;
}

/** The same list for the programme's page, as its manager: a list of cases is a sensitive read, audited (a count, no reference). */
export async function listOutOfScope(db: Db, actor: Actor, programmeId: string, scope: ProgrammeScope, proposed: boolean): Promise<OutOfScopeCase[]> {
  return asActor(db, actor, async (tx) => {
    const cases = await openCasesOutOfScope(tx, programmeId, scope);
    if (cases.length > 0) await audit(tx, { action: 'support.cases.list', actor, targetType: 'support_programme', targetId: programmeId, details: { count: cases.length, why: proposed ? 'scope change' : 'out of scope' } });
    return cases;
  });
}
