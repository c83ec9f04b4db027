import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize, type Decision } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { addressHidden } from '../../../platform/privacy/confidential-addresses.js';
import { UUID } from '../views/ui.js';
import { auditConfidentialShown, confidentialityColumns, readerOf } from './confidential.js';
import { likePattern, scopeIds } from './search.js';

export type HouseholdListItem = { id: string; reference: string; name: string; members_count: number; channel: string; dwelling: string | null; residence: string | null };

/**
 * Households with their current dwelling, searched by name, reference or e-mail. Staff limited to
 * some residences see only the households living there. A household whose address is confidential to
 * the reader is not listed at all (not even marked): a residence's dwelling list shows its
 * dwelling as "Occupé" without a name, and a name listed here beside it would say which one it is.
 * The count and the pages are computed after that filter.
 */
export async function listHouseholds(db: Db, actor: Actor, opts: { q?: string; limit: number; offset: number }): Promise<{ rows: HouseholdListItem[]; total: number }> {
  return withTenant(db, readerOf(actor), async (tx) => {
    let q = tx
      .selectFrom('households as h')
      .leftJoin('occupancies as o', (j) => j.onRef('o.household_id', '=', 'h.id').on('o.ends_on', 'is', null))
      .leftJoin('dwellings as d', 'd.id', 'o.dwelling_id')
      .leftJoin('residences as r', 'r.id', 'd.residence_id')
      .where(sql<boolean>`not ${addressHidden(sql.ref('h.id'))}`);
    if (actor.residenceIds) q = q.where('r.id', 'in', scopeIds(actor.residenceIds));
    if (opts.q) {
      const like = likePattern(opts.q);
      q = q.where((w) => w.or([w('h.name', 'ilike', like), w('h.reference', 'ilike', like), w('h.email', 'ilike', like)]));
    }
    const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .select(['h.id', 'h.reference', 'h.name', 'h.members_count', 'h.channel'])
      .select(['d.reference as dwelling', 'r.name as residence'])
      .select(confidentialityColumns(sql.ref('h.id')))
      .orderBy('h.name')
      .orderBy('h.reference')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute();
    await auditConfidentialShown(tx, actor, rows as never, 'households');
    return { rows: rows.map(({ address_confidential: _c, address_hidden: _h, ...r }) => r) as HouseholdListItem[], total };
  });
}

export type HouseholdDetail = {
  id: string;
  reference: string;
  name: string;
  email: string | null;
  phone: string | null;
  preferred_language: string;
  channel: string;
  members_count: number;
  /** `lease_holder`: the partner association that holds the lease and sublets it (a sliding lease), null when the household holds it. */
  current: { dwelling: string; residence_id: string; residence: string; starts_on: string; lease_holder: string | null } | null;
  history: { dwelling: string; residence: string; starts_on: string; ends_on: string; lease_holder: string | null }[];
};

/**
 * One household: contact, language, channel, where it lives and lived. Contact details are
 * personal data, so each opening is written to the audit log. A household whose address is confidential
 * to the reader is 'not_found', the very answer to an id that does not exist: no list names it for them
 * (`listHouseholds`), and its page would name the household a dwelling list shows only as "Occupé".
 */
export async function householdDetail(db: Db, actor: Actor, id: string): Promise<HouseholdDetail | Exclude<Decision, 'allow'>> {
  if (!UUID.test(id)) return 'not_found';
  return withTenant(db, readerOf(actor), async (tx) => {
    const h = await tx
      .selectFrom('households')
      .select(['id', 'organisation_id', 'reference', 'name', 'email', 'phone', 'preferred_language', 'channel', 'members_count'])
      .select(confidentialityColumns(sql.ref('households.id')))
      .where('id', '=', id)
      .executeTakeFirst();
    if (!h || h.address_hidden) return 'not_found';
    const stays = await tx
      .selectFrom('occupancies as o')
      .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
      .innerJoin('residences as r', 'r.id', 'd.residence_id')
      .leftJoin('organisations as lh', 'lh.id', 'o.lease_holder_org_id')
      .select(['d.reference as dwelling', 'r.id as residence_id', 'r.name as residence', 'lh.name as lease_holder', sql<string>`o.starts_on::text`.as('starts_on'), sql<string | null>`o.ends_on::text`.as('ends_on')])
      .where('o.household_id', '=', id)
      .orderBy('o.starts_on', 'desc')
      .execute();
    const current = stays.find((s) => s.ends_on === null) ?? null;
    // Staff limited to some residences reach only the households that live there now.
    if (actor.residenceIds && !current) return 'forbidden';
    const decision = authorize(actor, 'directory.households.read', { organisationId: h.organisation_id as string, residenceId: current?.residence_id ?? null });
    if (decision !== 'allow') return decision;
    // As support's case read: when the address is confidential (shown: the reader is named), the audit says so.
    const details = h.address_confidential ? { address: true } : undefined;
    await audit(tx, { action: 'directory.household.viewed', actor, targetType: 'household', targetId: id, details });
    const { organisation_id: _org, address_confidential: _c, address_hidden: _h, ...rest } = h;
    return {
      ...(rest as Omit<HouseholdDetail, 'current' | 'history'>),
      current: current ? { dwelling: current.dwelling, residence_id: current.residence_id, residence: current.residence, starts_on: current.starts_on, lease_holder: current.lease_holder ?? null } : null,
      history: stays.filter((s) => s.ends_on !== null) as HouseholdDetail['history'],
    };
  });
}
