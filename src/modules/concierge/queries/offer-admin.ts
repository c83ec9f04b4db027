import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';
import { centsToDecimal } from './statements-csv.js';

export type FormValues = Record<string, string | string[]>;
export type ProviderAdminRow = {
  id: string;
  name: string;
  labels: string[];
  distance_m: number | null;
  contact: string;
  service_area: string;
  active: boolean;
  has_account: boolean;
  next_expiry: string | null;
};
export type ProviderDocument = { id: string; kind: string; label: string; expires_on: string; created_at: Date };

/** The desk's providers for the manager: labels, contact, area, account, and the earliest document expiry to come. */
export async function providersForManagement(tx: Tx, deskId: string): Promise<ProviderAdminRow[]> {
  return (await tx
    .selectFrom('concierge_providers as p')
    .select([
      'p.id',
      'p.name',
      'p.labels',
      'p.distance_m',
      'p.contact',
      'p.service_area',
      'p.active',
      sql<boolean>`p.account_org_id IS NOT NULL`.as('has_account'),
      sql<string | null>`(SELECT min(d.expires_on)::text FROM concierge_provider_documents d WHERE d.provider_id = p.id AND d.expires_on >= (now() AT TIME ZONE 'Europe/Paris')::date)`.as('next_expiry'),
    ])
    .where('p.desk_id', '=', deskId)
    .orderBy('p.active', 'desc')
    .orderBy('p.name')
    .execute()) as ProviderAdminRow[];
}

/** A service as its edit form shows it: money back in euros ("11.50"), lists as lists. */
export async function serviceFormValues(tx: Tx, deskId: string, id: string): Promise<FormValues | null> {
  const r = await tx.selectFrom('concierge_catalogue').selectAll().where('id', '=', id).where('desk_id', '=', deskId).executeTakeFirst();
  if (!r) return null;
  return {
    code: r.code,
    nameFr: r.name_fr,
    nameEn: r.name_en,
    descriptionFr: r.description_fr,
    descriptionEn: r.description_en,
    unit: r.unit,
    unitCost: centsToDecimal(r.unit_cost_cents),
    vatRate: String(r.vat_rate_bp),
    leadTimeHours: String(r.lead_time_hours),
    targetHours: String(r.target_hours),
    weekdays: (r.weekdays as number[]).map(String),
    providerId: r.default_provider_id ?? '',
    active: r.active ? 'on' : '',
    audience: r.audience,
    planIds: r.audience_plan_ids as string[],
    residenceIds: r.audience_residence_ids as string[],
  };
}

export async function providerFormValues(tx: Tx, deskId: string, id: string): Promise<{ values: FormValues; documents: ProviderDocument[]; name: string } | null> {
  const r = await tx.selectFrom('concierge_providers').selectAll().where('id', '=', id).where('desk_id', '=', deskId).executeTakeFirst();
  if (!r) return null;
  const documents = (await tx
    .selectFrom('concierge_provider_documents')
    .select(['id', 'kind', 'label', sql<string>`expires_on::text`.as('expires_on'), 'created_at'])
    .where('provider_id', '=', id)
    .orderBy('expires_on', 'desc')
    .execute()) as ProviderDocument[];
  return {
    name: r.name,
    documents,
    values: { name: r.name, labels: r.labels, distanceM: r.distance_m === null ? '' : String(r.distance_m), contact: r.contact, serviceArea: r.service_area, active: r.active ? 'on' : '' },
  };
}

export type PlanAdminRow = { id: string; code: string; name_fr: string; name_en: string; monthly_fee_cents: number; tenant_share_cents: number; active: boolean; subscribers: number };

/** The desk's plans for the manager, withdrawn ones too, with how many households are subscribed now (their fee is then fixed). */
export async function plansForManagement(tx: Tx, deskId: string, id?: string): Promise<PlanAdminRow[]> {
  let query = tx
    .selectFrom('concierge_plans as p')
    .select([
      'p.id',
      'p.code',
      'p.name_fr',
      'p.name_en',
      'p.monthly_fee_cents',
      'p.tenant_share_cents',
      'p.active',
      sql<number>`(SELECT count(*)::int FROM concierge_subscriptions s WHERE s.plan_id = p.id AND s.status = 'active')`.as('subscribers'),
    ])
    .where('p.desk_id', '=', deskId);
  if (id) query = query.where('p.id', '=', id);
  return (await query.orderBy('p.active', 'desc').orderBy('p.tenant_share_cents').orderBy('p.code').execute()) as PlanAdminRow[];
}

/** A plan as its edit form shows it: money back in euros ("11.50"). */
export async function planFormValues(tx: Tx, deskId: string, id: string): Promise<FormValues | null> {
  const [r] = await plansForManagement(tx, deskId, id);
  if (!r) return null;
  return { code: r.code, nameFr: r.name_fr, nameEn: r.name_en, monthlyFee: centsToDecimal(r.monthly_fee_cents), tenantShare: centsToDecimal(r.tenant_share_cents), active: r.active ? 'on' : '' };
}
