import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { correctLeaseTransfer, correctOccupancyEnd } from '../../directory/index.js';
import { programmeById } from '../db/cases.js';
import { correctedSlideDay, correctionReason, leaseEndDay } from '../domain/lease-days.js';
import { parisToday } from '../domain/local-date.js';
import { caseForWrite } from './case-actions.js';
import { Abort, fail, inTransaction, type Result } from './result.js';

/** Which day is corrected: the slide's (`slideOn`) or the last day of a lease ended otherwise (`endOn`). */
export type LeaseCorrectionKind = 'slide' | 'end';
export type LeaseCorrectionInput = { kind: LeaseCorrectionKind; on?: string | null; reason?: string | null };

/** The register's refusals, in the case's words, at the form's field. */
const REFUSAL: Record<string, string> = { 'directory.lease.transferTooEarly': 'support.lease.slideBeforeSublease', 'directory.lease.endsTooEarly': 'support.lease.endBeforeStart' };

/**
 * Corrects a sliding lease's day after the fact (an adviser typed the wrong one), with a reason. The slide's
 * day: while the direct lease it opened is still the household's (directory's correctLeaseTransfer moves the
 * sublease's end and the direct lease's start together), same rule as the slide (domain/lease-days.ts). The
 * last day of a lease ended otherwise: today at the latest, as the end itself; the register's occupancy end
 * moves too (correctOccupancyEnd: refused when another household, or the household's next home, would
 * overlap); a register that never closed this lease is left as it is. Field errors at `slideOn` / `endOn` and
 * `correctionReason`, all at once, nothing half-written. The case keeps the new day and the correction (old
 * day, reason, who); audited `support.case.lease.correct` (the reason stays out of the trail).
 */
export async function correctLeaseDay(db: Db, actor: Actor, caseId: string, input: LeaseCorrectionInput, now = new Date()): Promise<Result<{ on: string }>> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const programme = await programmeById(tx, row.programme_id);
    if (programme?.kind !== 'sliding_lease') throw new Abort(fail(409, { form: 'support.lease.notLease' }));
    const field = input.kind === 'slide' ? 'slideOn' : 'endOn';
    // Locks the case: two corrections at once are made one after the other, the second from the first's day.
    const days = await tx.selectFrom('support_cases').select(['stage', sql<string | null>`lease_slid_on::text`.as('slid'), sql<string | null>`lease_ended_on::text`.as('ended')]).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
    const from = input.kind === 'slide' ? (days.stage === 'slid' ? days.slid : null) : days.stage === 'other_outcome' ? days.ended : null;
    if (!from) throw new Abort(fail(409, { [field]: input.kind === 'slide' ? 'support.lease.notSlid' : 'support.lease.notEnded' }));
    const today = parisToday(now);
    const day = input.kind === 'slide' ? correctedSlideDay(input.on, today) : leaseEndDay(input.on, today);
    const reason = correctionReason(input.reason);
    if (!day.ok || !reason.ok) throw new Abort(fail(422, { ...(day.ok ? {} : { [field]: day.error }), ...(reason.ok ? {} : { correctionReason: reason.error }) }));
    if (day.day === from) throw new Abort(fail(422, { [field]: 'directory.lease.sameDay' }));
    await correctInRegister(tx, actor, row, input.kind, from, day.day);
    await tx
      .updateTable('support_cases')
      .set({ [input.kind === 'slide' ? 'lease_slid_on' : 'lease_ended_on']: day.day, last_contact_at: now })
      .where('id', '=', caseId)
      .execute();
    await tx.insertInto('support_lease_corrections').values({ organisation_id: row.organisation_id, case_id: caseId, kind: input.kind, old_on: from, new_on: day.day, reason: reason.reason, corrected_by: actor.userId, corrected_at: now }).execute();
    await audit(tx, { action: 'support.case.lease.correct', actor, targetType: 'support_case', targetId: caseId, details: { kind: input.kind, from, to: day.day } });
    return { ok: true, on: day.day };
  });
}

async function correctInRegister(tx: Tx, actor: Actor, row: { household_id: string; lease_dwelling_id: string | null }, kind: LeaseCorrectionKind, from: string, on: string): Promise<void> {
  const field = kind === 'slide' ? 'slideOn' : 'endOn';
  if (!row.lease_dwelling_id) {
    // A slide needs its dwelling; an end recorded without one closed nothing in the register.
    if (kind === 'slide') throw new Abort(fail(409, { slideOn: 'directory.lease.noTransfer' }));
    return;
  }
  const r =
    kind === 'slide'
      ? await correctLeaseTransfer(tx, actor, { householdId: row.household_id, dwellingId: row.lease_dwelling_id, on })
      : await correctOccupancyEnd(tx, actor, { householdId: row.household_id, dwellingId: row.lease_dwelling_id, from, on });
  if (r.ok) return;
  // The end closed nothing in the register (the household was already elsewhere): only the case's day moves.
  if (kind === 'end' && r.error === 'directory.lease.noOccupancy') return;
  throw new Abort(fail(r.field === 'on' ? 422 : 409, { [field]: REFUSAL[r.error] ?? r.error }));
}

/** One correction of a sliding lease's day, as the case page lists them. */
export type LeaseCorrection = { kind: LeaseCorrectionKind; oldOn: string; newOn: string; reason: string; by: string | null; at: Date };

/** The corrections of a case already read by readCase (its audit covers this), oldest first; inside the actor's transaction. */
export async function leaseCorrections(tx: Tx, caseId: string): Promise<LeaseCorrection[]> {
  const rows = await tx
    .selectFrom('support_lease_corrections as k')
    .leftJoin('users as u', 'u.id', 'k.corrected_by')
    .select(['k.kind', sql<string>`k.old_on::text`.as('oldOn'), sql<string>`k.new_on::text`.as('newOn'), 'k.reason', 'u.display_name as by', 'k.corrected_at as at'])
    .where('k.case_id', '=', caseId)
    .orderBy('k.corrected_at')
    .execute();
  return rows as LeaseCorrection[];
}
