import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { type Tx, withTenant } from '../db/tenant.js';

/**
 * "My data" (GDPR art. 15 and 20) beyond the account: each module gives its part of what it holds about
 * one person, in one organisation, through its manifest (`personalData`). The platform runs every
 * contribution inside a transaction where row-level security sees that organisation and that person
 * (`withTenant(orgId, userId)`), as the person's own pages do; a module never widens that view.
 *
 * A contribution gives only what the person is entitled to: their own records and their household's
 * ordinary records; never another member's sensitive records, staff-only notes, or an address someone is
 * protected from (see `restrictions`).
 */
export type PersonalDataScope = {
  userId: string;
  organisationId: string;
  /** The person's household in this organisation (their resident membership), if any. */
  householdId: string | null;
  /**
   * Set by the modules' `restrict` step before any section is collected: the household's address and the
   * other members are withheld (a case with a confidential address protects someone else of the household).
   */
  withholdHousehold: boolean;
};

export type PersonalDataValue = string | number | boolean | null;

/** One part of the export: a titled list of records, each a set of named values. */
export type PersonalDataSection = {
  /** Stable identifier (JSON), e.g. `spaces.bookings`. */
  id: string;
  /** Message key of the section's title. */
  title: string;
  /** Field name → message key of its label; the page shows the fields in this order. */
  fields: Record<string, string>;
  rows: Record<string, PersonalDataValue>[];
  /** Fields whose values are codes, shown on the page as the message `prefix + value` (the JSON keeps the code). */
  translate?: Record<string, string>;
  /** Message key of a remark shown under the title (what is left out and why, how to ask for it). */
  note?: string;
};

export type PersonalDataContribution = {
  /** Strings of the sections (titles, labels, notes), French and English. */
  messages: { fr: Record<string, string>; en: Record<string, string> };
  /** Runs first, for every module: says whether something of the household must be withheld from this person. */
  restrict?: (tx: Tx, scope: Omit<PersonalDataScope, 'withholdHousehold'>) => Promise<{ withholdHousehold?: boolean }>;
  collect: (tx: Tx, scope: PersonalDataScope) => Promise<PersonalDataSection[]>;
};

const contributions: { module: string; contribution: PersonalDataContribution }[] = [];

/** Called once per module at start-up (app.ts), as `declareProcessing`. */
export function declarePersonalData(module: string, contribution: PersonalDataContribution | undefined): void {
  if (!contribution) return;
  const known = contributions.find((c) => c.module === module);
  if (known) known.contribution = contribution;
  else contributions.push({ module, contribution });
}

export function declaredPersonalData(): readonly { module: string; contribution: PersonalDataContribution }[] {
  return contributions;
}

export type OrganisationData = {
  organisation: string;
  organisation_id: string;
  withheld_household: boolean;
  sections: (PersonalDataSection & { module: string })[];
};

/**
 * Every module's records about the person, per organisation they belong to (or only `organisationId`'s,
 * when the organisation's data-protection officer answers a request).
 */
export async function collectModuleData(db: Db, userId: string, opts: { organisationId?: string } = {}): Promise<OrganisationData[]> {
  const memberships = await db.transaction().execute(async (tx) => {
    await sql`select set_config('app.user_id', ${userId}, true)`.execute(tx);
    let q = tx
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['m.organisation_id', 'o.name', 'm.household_id', 'm.role'])
      .where('m.user_id', '=', userId);
    if (opts.organisationId) q = q.where('m.organisation_id', '=', opts.organisationId);
    return q.execute();
  });
  const orgs = new Map<string, { name: string; householdId: string | null }>();
  for (const m of memberships) {
    const known = orgs.get(m.organisation_id);
    // The household comes from the resident membership; a staff role of the same organisation has none.
    if (!known) orgs.set(m.organisation_id, { name: m.name, householdId: m.role === 'resident' ? m.household_id : null });
    else if (m.role === 'resident' && m.household_id) known.householdId = m.household_id;
  }
  const out: OrganisationData[] = [];
  for (const [organisationId, o] of orgs) {
    const base = { userId, organisationId, householdId: o.householdId };
    const result = await withTenant(db, { orgId: organisationId, userId }, async (tx) => {
      let withholdHousehold = false;
      for (const { contribution } of contributions) {
        if (contribution.restrict && (await contribution.restrict(tx, base)).withholdHousehold) withholdHousehold = true;
      }
      const scope: PersonalDataScope = { ...base, withholdHousehold };
      const sections: OrganisationData['sections'] = [];
      for (const { module, contribution } of contributions) {
        for (const s of await contribution.collect(tx, scope)) sections.push({ ...s, module });
      }
      return { withholdHousehold, sections };
    });
    out.push({ organisation: o.name, organisation_id: organisationId, withheld_household: result.withholdHousehold, sections: result.sections });
  }
  return out;
}

/** Dates as ISO strings, so the JSON and the page say the same thing whatever the driver returns. */
export function plain(v: unknown): PersonalDataValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return JSON.stringify(v);
}

/** Rows from the database with every value made plain. */
export function plainRows(rows: Record<string, unknown>[]): Record<string, PersonalDataValue>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
}
