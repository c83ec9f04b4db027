import type { Tx } from '../../../platform/db/tenant.js';
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
    ])
    .where('c.desk_id', '=', deskId)
    .orderBy('c.name_fr');
  if (opts.activeOnly) q = q.where('c.active', '=', true);
  return (await q.execute()) as CatalogueItem[];
}

export async function getCatalogueItem(tx: Tx, deskId: string, id: string): Promise<CatalogueItem | null> {
  return (await listCatalogue(tx, deskId, { activeOnly: true })).find((i) => i.id === id) ?? null;
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

export async function officeHours(tx: Tx, deskId: string): Promise<{ hours: OfficeHour[]; closures: string[] }> {
  const hours = await tx.selectFrom('concierge_office_hours').select(['weekday', 'starts_at', 'ends_at', 'place']).where('desk_id', '=', deskId).execute();
  const closures = await tx.selectFrom('concierge_closures').select('on_date').where('desk_id', '=', deskId).execute();
  return {
    hours: hours.map((h) => ({
      weekday: h.weekday,
      startsAt: String(h.starts_at),
      endsAt: String(h.ends_at),
      place: h.place,
    })),
    closures: closures.map((c) => (c.on_date instanceof Date ? c.on_date.toISOString().slice(0, 10) : String(c.on_date))),
  };
}
