import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';

export type PracticeSummary = {
  id: string;
  title: string;
  problem: string;
  landlord: string;
  residenceKind: string | null;
  tags: string[];
  published: boolean;
  own: boolean;
};
export type Practice = PracticeSummary & {
  audience: string;
  partners: string;
  means: string;
  costCents: number | null;
  results: string;
  difficulties: string;
  contact: string;
  network: string | null;
  duplicatedFrom: string | null;
  /** The configuration of the author's space attached to the sheet (see the spaces module's SpaceTemplate), and that space's name. */
  spaceTemplate: unknown | null;
  spaceTemplateName: string | null;
};

const columns = sql`p.id, p.title, p.problem, o.name as landlord, p.residence_kind as "residenceKind", p.tags, p.published_at is not null as published`;

/**
 * The sheets the actor's organisation may read (its own, and those published to its networks: RLS
 * decides), searched in French: "résidences" finds "résidence" (stemming), best matches first.
 */
export async function listPractices(db: Db, actor: Actor, q: string): Promise<PracticeSummary[]> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const search = q ? sql`where p.search @@ websearch_to_tsquery('french', ${q}) or ${q} = any(p.tags)` : sql``;
    const order = q ? sql`ts_rank(p.search, websearch_to_tsquery('french', ${q})) desc,` : sql``;
    const r = await sql<PracticeSummary>`
      select ${columns}, p.organisation_id = ${actor.orgId}::uuid as own
      from impact_practices p join organisations o on o.id = p.organisation_id
      ${search}
      order by ${order} p.published_at desc nulls last, p.created_at desc
      limit 50`.execute(tx);
    return r.rows;
  });
}

/** One sheet the actor may read, or null (another network's or another landlord's private sheet). */
export async function getPractice(db: Db, actor: Actor, id: string): Promise<Practice | null> {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const r = await sql<Practice>`
      select ${columns}, p.organisation_id = ${actor.orgId}::uuid as own,
        p.audience, p.partners, p.means, p.cost_cents as "costCents", p.results, p.difficulties, p.contact,
        n.name as network, p.duplicated_from as "duplicatedFrom",
        p.space_template as "spaceTemplate", p.space_template_name as "spaceTemplateName"
      from impact_practices p join organisations o on o.id = p.organisation_id
      left join organisations n on n.id = p.network_id
      where p.id = ${id}::uuid`.execute(tx);
    return r.rows[0] ?? null;
  });
}
