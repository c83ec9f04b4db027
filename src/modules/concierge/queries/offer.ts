import type { Tx } from '../../../platform/db/tenant.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { type AudienceRule, audienceRefusal, type Orderer } from '../domain/audience.js';
import type { OfficeHour } from '../domain/office-hours.js';

export type CatalogueItem = {
  id: string;
  code: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
  unit: string;
  unit_cost_cents: number;
  vat_rate_bp: number;
  lead_time_hours: number;
  target_hours: number;
  active: boolean;
  provider_name: string | null;
  provider_labels: string[] | null;
  audience: string;
  audience_plan_ids: string[];
  audience_residence_ids: string[];
};
export type Plan = {
  id: string;
  code: string;
  name_fr: string;
  name_en: string;
  monthly_fee_cents: number;
  tenant_share_cents: number;
};
export type Provider = {
  id: string;
  name: string;
  labels: string[];
  distance_m: number | null;
  active: boolean;
  insurance_expires_on: string | null;
};

/** The desk's services with their usual provider's labels; residents see only active ones. */
export async function listCatalogue(tx: Tx, deskId: string, opts: { activeOnly: boolean }): Promise<CatalogueItem[]> {
  let q = tx
    .selectFrom('concierge_catalogue as c')
    .leftJoin('concierge_providers as p', 'p.id', 'c.default_provider_id')
    .select([
      'c.id',
      'c.code',
      'c.name_fr',
      'c.name_en',
      'c.description_fr',
      'c.description_en',
      'c.unit',
      'c.unit_cost_cents',
      'c.vat_rate_bp',
      'c.lead_time_hours',
      'c.target_hours',
      'c.active',
      'p.name as provider_name',
      'p.labels as provider_labels',
      'c.audience',
      'c.audience_plan_ids',
      'c.audience_residence_ids',
    ])
    .where('c.desk_id', '=', deskId)
    .orderBy('c.name_fr');
  if (opts.activeOnly) q = q.where('c.active', '=', true);
  return (await q.execute()) as CatalogueItem[];
}

export async function getCatalogueItem(tx: Tx, deskId: string, id: string): Promise<CatalogueItem | null> {
  return (await listCatalogue(tx, deskId, { activeOnly: true })).find((i) => i.id === id) ?? null;
}

/** What this household may order (online) or be ordered for (at the counter), by each service's rule. */
export function orderableBy<T extends AudienceRule>(items: T[], who: Orderer, via: 'online' | 'counter'): T[] {
  return items.filter((i) => audienceRefusal(i, who, via) === null);
}

/** The household as a service's rule sees it: its plan when subscribed, and its residence. */
export function ordererOf(side: { card: { residenceId: string }; subscription: { plan_id: string } | null }): Orderer {
  return { planId: side.subscription?.plan_id ?? null, residenceId: side.card.residenceId };
}

/** The residences the desk covers, named: each landlord's names read in its own context, only for the covered ids. */
export async function coveredResidences(db: Db, desk: { id: string; organisation_id: string }): Promise<{ id: string; name: string }[]> {
  const coverage = await withTenant(db, { orgId: desk.organisation_id }, (tx) => tx.selectFrom('concierge_coverage').select(['landlord_id', 'residence_id']).where('desk_id', '=', desk.id).execute());
  const out: { id: string; name: string }[] = [];
  for (const landlordId of new Set(coverage.map((r) => r.landlord_id as string))) {
    const ids = coverage.filter((r) => r.landlord_id === landlordId).map((r) => r.residence_id as string);
    const rows = await withTenant(db, { orgId: landlordId }, (tx) => tx.selectFrom('residences').select(['id', 'name']).where('id', 'in', ids).execute());
    out.push(...(rows as { id: string; name: string }[]));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function listPlans(tx: Tx, deskId: string): Promise<Plan[]> {
  return (await tx
    .selectFrom('concierge_plans')
    .select(['id', 'code', 'name_fr', 'name_en', 'monthly_fee_cents', 'tenant_share_cents'])
    .where('desk_id', '=', deskId)
    .where('active', '=', true)
    .orderBy('tenant_share_cents')
    .execute()) as Plan[];
}

/** Providers, labelled ones first (the association's priority: ESS, local, responsible, integration). */
export async function listProviders(tx: Tx, deskId: string): Promise<Provider[]> {
  const rows = (await tx
    .selectFrom('concierge_providers')
    .select(['id', 'name', 'labels', 'distance_m', 'active', 'insurance_expires_on'])
    .where('desk_id', '=', deskId)
    .orderBy('name')
    .execute()) as Provider[];
  return rows.sort((a, b) => Number(b.active) - Number(a.active) || b.labels.length - a.labels.length || a.name.localeCompare(b.name));
}

/** A day the desk is exceptionally closed, with the reason residents are shown. */
export type Closure = { date: string; reason: string };

export async function officeHours(tx: Tx, deskId: string): Promise<{ hours: OfficeHour[]; closures: string[]; closed: Closure[] }> {
  const hours = await tx.selectFrom('concierge_office_hours').select(['weekday', 'starts_at', 'ends_at', 'place']).where('desk_id', '=', deskId).orderBy('weekday').orderBy('starts_at').execute();
  const closures = await tx.selectFrom('concierge_closures').select(['on_date', 'note']).where('desk_id', '=', deskId).orderBy('on_date').execute();
  const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
  return {
    closed: closures.map((c) => ({ date: day(c.on_date), reason: c.note })),
    hours: hours.map((h) => ({
      weekday: h.weekday,
      startsAt: String(h.starts_at),
      endsAt: String(h.ends_at),
      place: h.place,
    })),
    closures: closures.map((c) => (c.on_date instanceof Date ? c.on_date.toISOString().slice(0, 10) : String(c.on_date))),
  };
}
