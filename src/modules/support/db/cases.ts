import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { isUuid } from '../commands/result.js';
import type { CaseAccess } from '../policy.js';
import { DEFAULT_RETENTION_MONTHS } from './retention.js';

export type ProgrammeRow = {
  id: string;
  organisation_id: string;
  kind: string;
  name: string;
  sensitivity: string;
  partner_org_id: string | null;
  partner_org_ids: string[];
  residence_kinds: string[];
  residence_ids: string[];
  eligibility: string[];
  /** `label` is what the manager typed; the seeded steps have none and are named by the catalogue (support.step.<key>). */
  steps: { key: string; label?: string; dueDays: number }[];
  /** The programme's own period; null: it follows the organisation's default. */
  retention_months: number | null;
  /** The period that applies: the programme's own, else the organisation's default, else 24 months. */
  retention_effective: number;
  retention_from: 'closure' | 'last_contact';
  retention_action: 'anonymise' | 'delete';
  /** The starting point and action that apply (the programme's own with its own period, else the organisation's whole rule, as the nightly job reads them). */
  retention_from_effective: 'closure' | 'last_contact';
  retention_action_effective: 'anonymise' | 'delete';
  legal_basis: string;
  notice: string;
  manager_user_id: string | null;
};

const effectiveRetention = sql<number>`coalesce(p.retention_months, (select s.retention_months from support_settings s where s.organisation_id = p.organisation_id), ${sql.lit(DEFAULT_RETENTION_MONTHS)})::int`.as('retention_effective');

// As casesPastRetention reads the rule: a programme with no period of its own follows the organisation's starting point and action too.
const effectiveFrom = sql<string>`case when p.retention_months is null then coalesce((select s.retention_from from support_settings s where s.organisation_id = p.organisation_id), 'last_contact') else p.retention_from end`.as('retention_from_effective');
const effectiveAction = sql<string>`case when p.retention_months is null then coalesce((select s.retention_action from support_settings s where s.organisation_id = p.organisation_id), 'anonymise') else p.retention_action end`.as('retention_action_effective');

export async function programmeById(tx: Tx, id: string): Promise<ProgrammeRow | undefined> {
  if (!isUuid(id)) return undefined;
  return (await tx.selectFrom('support_programmes as p').selectAll('p').select([effectiveRetention, effectiveFrom, effectiveAction]).where('p.id', '=', id).executeTakeFirst()) as ProgrammeRow | undefined;
}

export async function listProgrammes(tx: Tx): Promise<(ProgrammeRow & { partner_name: string | null; open_cases: number })[]> {
  return (await tx
    .selectFrom('support_programmes as p')
    .selectAll('p')
    .select(effectiveRetention)
    .select((s) => s.selectFrom('organisations as o').where(sql<boolean>`o.id = any(p.partner_org_ids)`).select(sql<string>`string_agg(o.name, ', ' order by o.name)`.as('n')).as('partner_name'))
    // Counts only the cases this person may see: RLS applies inside the subquery too.
    .select((s) => s.selectFrom('support_cases as c').whereRef('c.programme_id', '=', 'p.id').where('c.status', '=', 'open').select(sql<number>`count(*)`.as('n')).as('open_cases'))
    .orderBy('p.name')
    .execute()) as (ProgrammeRow & { partner_name: string | null; open_cases: number })[];
}

export type CaseRow = {
  id: string;
  organisation_id: string;
  programme_id: string;
  household_id: string;
  reference: string;
  status: 'open' | 'closed';
  stage: string | null;
  stage_since: Date | null;
  confidential_address: boolean;
  legal_hold: boolean;
  situation: string;
  outcome: string | null;
  opened_at: Date;
  closed_at: Date | null;
  /** A sliding lease's dwelling and the association holding its lease until the slide. */
  lease_dwelling_id: string | null;
  lease_partner_org_id: string | null;
  /** Why a sliding lease ended without a slide (domain/lease-end.ts); the text only for "other". */
  end_reason: string | null;
  end_reason_text: string | null;
};

/** The case if this person may see it (RLS), else undefined. */
export async function caseById(tx: Tx, id: string): Promise<CaseRow | undefined> {
  if (!isUuid(id)) return undefined;
  // An anonymised case is kept for the figures only: nobody opens it any more.
  return (await tx.selectFrom('support_cases').selectAll().where('id', '=', id).where('anonymised_at', 'is', null).executeTakeFirst()) as CaseRow | undefined;
}

/** The facts the policy needs about a case the transaction can see. */
export async function caseAccess(tx: Tx, row: { organisation_id: string; programme_id: string; id: string }): Promise<CaseAccess> {
  const programme = await programmeById(tx, row.programme_id);
  const assigned = await tx.selectFrom('support_case_assignments').select('user_id').where('case_id', '=', row.id).execute();
  // RLS shows a team member their own row and the manager the whole team: enough to decide.
  const team = await tx.selectFrom('support_programme_team').select('user_id').where('programme_id', '=', row.programme_id).execute();
  return {
    organisationId: row.organisation_id,
    assignedUserIds: assigned.map((a) => a.user_id as string),
    managerUserId: programme?.manager_user_id ?? null,
    teamUserIds: team.map((m) => m.user_id as string),
  };
}

export type CaseListItem = {
  id: string;
  reference: string;
  status: string;
  /** How a closed case ended when it is not an ordinary closure: 'transferred' (moved to another programme). */
  closed_as: string | null;
  stage: string | null;
  programme_name: string;
  programme_kind: string;
  household_name: string;
  opened_at: Date;
  overdue_steps: number;
  next_due: string | null;
};

/** The cases this person may see (their assignments, the programmes they manage), overdue steps first. */
export async function listVisibleCases(tx: Tx, today: string, filter: { status?: 'open' | 'closed' } = {}): Promise<CaseListItem[]> {
  let q = tx
    .selectFrom('support_cases as c')
    .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select(['c.id', 'c.reference', 'c.status', 'c.closed_as', 'c.stage', 'p.name as programme_name', 'p.kind as programme_kind', 'h.name as household_name', 'c.opened_at'])
    .select((s) =>
      s.selectFrom('support_case_steps as st').whereRef('st.case_id', '=', 'c.id').where('st.done_at', 'is', null).where('st.due_on', '<', today).select(sql<number>`count(*)`.as('n')).as('overdue_steps'),
    )
    .select((s) => s.selectFrom('support_case_steps as st').whereRef('st.case_id', '=', 'c.id').where('st.done_at', 'is', null).select(sql<string>`min(due_on)::text`.as('d')).as('next_due'));
  if (filter.status) q = q.where('c.status', '=', filter.status);
  const rows = (await q.orderBy('c.opened_at', 'desc').limit(200).execute()) as CaseListItem[];
  return rows.sort((a, b) => Number(b.overdue_steps) - Number(a.overdue_steps));
}

export type OverdueStep = { case_id: string; reference: string; household_name: string; key: string; due_on: string; programme_steps: ProgrammeRow['steps'] };

/** The late steps of the open cases this person may see (RLS), oldest first: the adviser's to-do list. */
export async function listOverdueSteps(tx: Tx, today: string, limit = 50): Promise<OverdueStep[]> {
  return (await tx
    .selectFrom('support_case_steps as st')
    .innerJoin('support_cases as c', 'c.id', 'st.case_id')
    .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select(['st.case_id', 'c.reference', 'h.name as household_name', 'st.key', 'p.steps as programme_steps'])
    .select(sql<string>`to_char(st.due_on, 'YYYY-MM-DD')`.as('due_on'))
    .where('c.status', '=', 'open')
    .where('st.done_at', 'is', null)
    .where('st.due_on', '<', today)
    .orderBy('st.due_on')
    .limit(limit)
    .execute()) as OverdueStep[];
}

/** A page of the cases this person may see (RLS), newest first, with the total for paging. */
export async function pageOfVisibleCases(tx: Tx, today: string, q: { status: 'open' | 'closed'; limit: number; offset: number }): Promise<{ rows: (CaseListItem & { programme_id: string })[]; total: number }> {
  const total = await tx.selectFrom('support_cases').select(sql<number>`count(*)::int`.as('n')).where('status', '=', q.status).where('anonymised_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await tx
    .selectFrom('support_cases as c')
    .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select(['c.id', 'c.reference', 'c.status', 'c.closed_as', 'c.stage', 'c.programme_id', 'p.name as programme_name', 'p.kind as programme_kind', 'h.name as household_name', 'c.opened_at'])
    .select((s) => s.selectFrom('support_case_steps as st').whereRef('st.case_id', '=', 'c.id').where('st.done_at', 'is', null).where('st.due_on', '<', today).select(sql<number>`count(*)::int`.as('n')).as('overdue_steps'))
    .select((s) => s.selectFrom('support_case_steps as st').whereRef('st.case_id', '=', 'c.id').where('st.done_at', 'is', null).select(sql<string>`min(due_on)::text`.as('d')).as('next_due'))
    .where('c.status', '=', q.status)
    .orderBy('c.opened_at', 'desc')
    .orderBy('c.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows: rows as (CaseListItem & { programme_id: string })[], total: total.n };
}
