import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { type DwellingRef, endOccupancy, findDwelling, householdTenancy, isDay, partnerOptions, recordSublease, transferLease } from '../../directory/index.js';
import type { CaseRow, ProgrammeRow } from '../db/cases.js';
import { programmeById } from '../db/cases.js';
import { type LeaseEndInput, leaseEndReason } from '../domain/lease-end.js';
import { leaseEndDay, slideDay } from '../domain/lease-days.js';
import { addDays, parisToday } from '../domain/local-date.js';
import { maySeeAddress } from './address.js';
import { caseForWrite } from './case-actions.js';
import { type LeaseCorrection, leaseCorrections } from './lease-corrections.js';
import { Abort, fail, inTransaction, type Result } from './result.js';

/** The directory's field names as the case page and the API name them. */
const FIELD: Record<string, string> = { dwellingId: 'dwellingRef', partnerOrgId: 'partnerOrgId', startsOn: 'startsOn', householdId: 'dwellingRef', on: 'event' };

/** The register's refusal, at the field of the form that caused it (the whole case rolls back). */
function registerRefusal(r: { field: string; error: string }, status: 409 | 422 = 422): never {
  throw new Abort(fail(status, { [FIELD[r.field] ?? 'form']: r.error }));
}

export type LeaseInput = { dwellingRef: string; partnerOrgId: string; startsOn?: string };

/**
 * Names the dwelling of a sliding lease and the association that holds its lease, and records the
 * sublease in the directory's register in the same transaction (the household's occupancy of that
 * dwelling, held by the association). Only while the lease has neither slid nor ended; a confidential
 * address is named only by the people who may see it, never by token.
 */
export async function nameLeaseDwelling(db: Db, actor: Actor, caseId: string, input: LeaseInput, now = new Date()): Promise<Result> {
  return inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    const programme = await programmeById(tx, row.programme_id);
    if (programme?.kind !== 'sliding_lease') throw new Abort(fail(409, { form: 'support.lease.notLease' }));
    if (row.status !== 'open' || row.stage === 'slid' || row.stage === 'other_outcome') throw new Abort(fail(409, { form: 'support.lease.over' }));
    if (actor.kind === 'token' ? row.confidential_address : !(await maySeeAddress(tx, actor, row))) throw new Abort(fail(403));
    const dwelling = await findDwelling(tx, { reference: input.dwellingRef });
    if (!dwelling) throw new Abort(fail(422, { dwellingRef: input.dwellingRef.trim() ? 'directory.lease.unknownDwelling' : 'support.lease.dwellingRequired' }));
    const partners = await partnerOptions(tx, row.organisation_id);
    if (!partners.some((p) => p.id === input.partnerOrgId && p.kind === 'association')) throw new Abort(fail(422, { partnerOrgId: 'directory.lease.notPartner' }));
    const startsOn = input.startsOn?.trim() || parisToday(now);
    if (!isDay(startsOn)) throw new Abort(fail(422, { startsOn: 'directory.lease.badDate' }));
    if (startsOn > parisToday(now)) throw new Abort(fail(422, { startsOn: 'support.lease.startsInFuture' }));
    const sublet = await recordSublease(tx, actor, { householdId: row.household_id, dwellingId: dwelling.id, partnerOrgId: input.partnerOrgId, startsOn });
    if (!sublet.ok) registerRefusal(sublet);
    await tx.updateTable('support_cases').set({ lease_dwelling_id: dwelling.id, lease_partner_org_id: input.partnerOrgId, last_contact_at: now }).where('id', '=', caseId).execute();
    await audit(tx, { action: 'support.case.lease', actor, targetType: 'support_case', targetId: caseId, details: { dwelling: dwelling.id, holder: input.partnerOrgId } });
    return { ok: true };
  });
}

/** What a new sliding lease names by default: the household's current dwelling and the programme's association when it has one partner only. */
export async function defaultLease(tx: Tx, orgId: string, householdId: string, programme: Pick<ProgrammeRow, 'partner_org_id' | 'partner_org_ids'>): Promise<{ dwellingId: string | null; partnerOrgId: string | null }> {
  const tenancy = await householdTenancy(tx, householdId);
  const partners = await partnerOptions(tx, orgId);
  // Programmes made before their partners became a list keep the one partner in partner_org_id.
  const partnerOrgIds = programme.partner_org_ids?.length ? programme.partner_org_ids : programme.partner_org_id ? [programme.partner_org_id] : [];
  const named = partnerOrgIds.length === 1 && partners.some((p) => p.id === partnerOrgIds[0] && p.kind === 'association') ? partnerOrgIds[0] : null;
  return { dwellingId: tenancy?.dwellingId ?? null, partnerOrgId: tenancy?.leaseHolder?.orgId ?? named };
}

type LeaseRow = Pick<CaseRow, 'id' | 'household_id'> & { lease_dwelling_id: string | null; lease_partner_org_id: string | null; lease_end_planned_on?: unknown };

/** The case columns of a planned end, emptied. */
export const NO_PLAN = { lease_end_planned_on: null, lease_end_planned_reason: null, lease_end_planned_text: null };

/**
 * Closes the household's occupancy of the case's dwelling on `day` in the register (directory's endOccupancy,
 * audited `directory.lease.end`): what a lease ended otherwise does, recorded by the adviser or applied by the
 * planned-ends job. Returns the refusal's catalogue key (a day the register cannot take), or null: done, or
 * nothing of this lease to close (no dwelling named, the household already elsewhere or nowhere).
 */
export async function endLeaseInRegister(tx: Tx, actor: Actor | null, row: Pick<LeaseRow, 'household_id' | 'lease_dwelling_id'>, day: string): Promise<string | null> {
  if (!row.lease_dwelling_id) return null;
  const closed = await endOccupancy(tx, actor, { householdId: row.household_id, dwellingId: row.lease_dwelling_id, on: day });
  if (closed.ok || closed.error === 'directory.lease.noOccupancy') return null;
  return DAY_REFUSAL[closed.error] ?? closed.error;
}

/** What the stage's form gives about a sliding lease's outcome: the slide's day, or the end's reason and last day. */
export type LeaseStageInput = LeaseEndInput & { slideOn?: string | null; endOn?: string | null };

/** The register's refusals of a date, in the case's words (the register's speak of subleases and occupancies in general). */
const DAY_REFUSAL: Record<string, string> = { 'directory.lease.transferTooEarly': 'support.lease.slideBeforeSublease', 'directory.lease.endsTooEarly': 'support.lease.endBeforeStart' };

/**
 * What reaching `to` does to a sliding lease, before the stage is written (all in the stage's transaction):
 * `slid` needs the case's dwelling (else 422 at `event`) and a day (`slideOn`: today by default, see
 * domain/lease-days.ts; the register is written by slideInRegister once the case is locked);
 * `other_outcome` needs a reason and its last day (422 at `endReason` / `endReasonText` / `endOn`, all at
 * once) and closes the household's occupancy of the case's dwelling in the register that day. Returns the
 * case columns to write with the stage.
 */
export async function leaseStageColumns(tx: Tx, actor: Actor, row: LeaseRow, to: string, input: LeaseStageInput, now: Date): Promise<Record<string, unknown>> {
  const today = parisToday(now);
  if (to === 'other_outcome') {
    const reason = leaseEndReason(input);
    const day = leaseEndDay(input.endOn, today);
    if (!reason.ok || !day.ok) throw new Abort(fail(422, { ...(reason.ok ? {} : reason.errors), ...(day.ok ? {} : { endOn: day.error }) }));
    const refused = await endLeaseInRegister(tx, actor, row, day.day);
    if (refused) throw new Abort(fail(422, { endOn: refused }));
    // An end recorded now replaces any end that was planned.
    return { end_reason: reason.reason, end_reason_text: reason.text, lease_ended_on: day.day, ...NO_PLAN };
  }
  if (to !== 'slid') return {};
  if (!row.lease_dwelling_id) throw new Abort(fail(422, { event: 'support.lease.noDwelling' }));
  // A lease planned to end does not also slide: the plan is cancelled (or changed) first.
  if (row.lease_end_planned_on) throw new Abort(fail(409, { event: 'support.lease.planPending' }));
  const day = slideDay(input.slideOn, today);
  if (!day.ok) throw new Abort(fail(422, { slideOn: day.error }));
  return { lease_slid_on: day.day };
}

/**
 * The slide in the register on `on` (directory's transferLease: the sublease ends the day before, the
 * household's direct lease opens that day). Called once the case's row is locked by the stage's update.
 */
export async function slideInRegister(tx: Tx, actor: Actor, row: LeaseRow, on: string): Promise<void> {
  if (!row.lease_dwelling_id) throw new Abort(fail(422, { event: 'support.lease.noDwelling' }));
  let moved = await transferLease(tx, actor, { householdId: row.household_id, on, dwellingId: row.lease_dwelling_id });
  // A register that never learnt of the sublease (imported before the case): when the household lives in
  // the case's dwelling and the case names the association, the sublease is recorded, then it slides.
  if (!moved.ok && moved.error === 'directory.lease.noSublease' && row.lease_partner_org_id) {
    const tenancy = await householdTenancy(tx, row.household_id);
    if (tenancy?.dwellingId === row.lease_dwelling_id) {
      const sublet = await recordSublease(tx, actor, { householdId: row.household_id, dwellingId: row.lease_dwelling_id, partnerOrgId: row.lease_partner_org_id, startsOn: addDays(on, -1) });
      if (!sublet.ok) registerRefusal(sublet, 409);
      moved = await transferLease(tx, actor, { householdId: row.household_id, on, dwellingId: row.lease_dwelling_id });
    }
  }
  if (moved.ok) return;
  // A day the register cannot take is the adviser's to correct (422 at the date); anything else is the register's state (409).
  if (moved.field === 'on') throw new Abort(fail(422, { slideOn: DAY_REFUSAL[moved.error] ?? moved.error }));
  throw new Abort(fail(409, { event: moved.error }));
}

/** A sliding lease as its case page shows it. */
export type LeaseView = {
  /** The dwelling the case names; null when none is named or the address is hidden from this person (`hidden`). */
  dwelling: DwellingRef | null;
  hidden: boolean;
  partner: { id: string; name: string } | null;
  /** What the form proposes when no dwelling is named: the household's current one. */
  suggestedRef: string | null;
  /** Who the register says holds the household's current lease (null: the household itself). */
  registerHolder: string | null;
  /** The day the lease slid, or the last day of a lease ended otherwise, as the adviser gave it (YYYY-MM-DD; null before, or for cases ended before these days were asked). */
  slidOn: string | null;
  endedOn: string | null;
  /** An end to come, planned: its last day, reason and text (the register is changed only on that day). */
  plannedEnd: { on: string; reason: string; text: string | null } | null;
  /** The days corrected after the fact, oldest first. */
  corrections: LeaseCorrection[];
};

/** Reads the lease of a sliding-lease case already read by readCase (its audit covers this); inside the actor's transaction. */
export async function caseLease(tx: Tx, row: CaseRow, addressVisible: boolean): Promise<LeaseView> {
  const tenancy = await householdTenancy(tx, row.household_id);
  const days = await tx
    .selectFrom('support_cases')
    .select([sql<string | null>`lease_slid_on::text`.as('slid'), sql<string | null>`lease_ended_on::text`.as('ended'), sql<string | null>`lease_end_planned_on::text`.as('planned'), 'lease_end_planned_reason', 'lease_end_planned_text'])
    .where('id', '=', row.id)
    .executeTakeFirst();
  const partner = row.lease_partner_org_id ? await tx.selectFrom('organisations').select(['id', 'name']).where('id', '=', row.lease_partner_org_id).executeTakeFirst() : undefined;
  return {
    dwelling: addressVisible && row.lease_dwelling_id ? await findDwelling(tx, { id: row.lease_dwelling_id }) : null,
    hidden: !addressVisible,
    partner: (partner as { id: string; name: string } | undefined) ?? null,
    suggestedRef: addressVisible ? (tenancy?.dwellingReference ?? null) : null,
    registerHolder: tenancy?.leaseHolder?.name ?? null,
    slidOn: days?.slid ?? null,
    endedOn: days?.ended ?? null,
    plannedEnd: days?.planned ? { on: days.planned, reason: days.lease_end_planned_reason as string, text: (days.lease_end_planned_text as string | null) ?? null } : null,
    corrections: await leaseCorrections(tx, row.id),
  };
}
