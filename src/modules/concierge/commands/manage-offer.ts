import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { FieldError } from '../errors.js';
import type { Desk } from '../queries/desk.js';
import { isUuid } from '../schemas.js';
import type { DocumentInput, ProviderInput, ServiceInput } from '../schemas-offer.js';
import { asStaff } from './parcels.js';

const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';

async function ownRow(tx: Tx, table: 'concierge_catalogue' | 'concierge_providers', desk: Desk, id: string) {
  const row = isUuid(id) ? await tx.selectFrom(table).select('id').where('id', '=', id).where('desk_id', '=', desk.id).executeTakeFirst() : undefined;
  if (!row) throw new HttpError(404);
}

/**
 * Adds a service to the desk's catalogue (id null) or changes one. Requests already dispatched keep
 * the price frozen on them; only later dispatches see a new cost price.
 */
export async function saveService(db: Db, actor: Actor, id: string | null, input: ServiceInput): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    if (id) await ownRow(tx, 'concierge_catalogue', desk, id);
    let providerId: string | null = null;
    if (input.providerId) {
      const p = isUuid(input.providerId) ? await tx.selectFrom('concierge_providers').select(['id', 'active']).where('id', '=', input.providerId).where('desk_id', '=', desk.id).executeTakeFirst() : undefined;
      if (!p) throw new FieldError('providerId', 'concierge.error.provider');
      // A service being switched off may keep its (now inactive) provider; an offered one may not.
      if (!p.active && input.active) throw new FieldError('providerId', 'concierge.error.providerInactive');
      providerId = p.id as string;
    }
    // The lists name only this desk's plans and the residences it covers; the other rule's list is emptied.
    const planIds = input.audience === 'plans' ? [...new Set(input.planIds)].sort() : [];
    const residenceIds = input.audience === 'residences' ? [...new Set(input.residenceIds)].sort() : [];
    if (planIds.length) {
      const known = planIds.every(isUuid) ? await tx.selectFrom('concierge_plans').select('id').where('desk_id', '=', desk.id).where('id', 'in', planIds).execute() : [];
      if (known.length !== planIds.length) throw new FieldError('planIds', 'concierge.error.audiencePlans');
    }
    if (residenceIds.length) {
      const known = residenceIds.every(isUuid) ? await tx.selectFrom('concierge_coverage').select('residence_id').where('desk_id', '=', desk.id).where('residence_id', 'in', residenceIds).execute() : [];
      if (known.length !== residenceIds.length) throw new FieldError('residenceIds', 'concierge.error.audienceResidences');
    }
    const values = {
      code: input.code,
      name_fr: input.nameFr,
      name_en: input.nameEn,
      description_fr: input.descriptionFr,
      description_en: input.descriptionEn,
      unit: input.unit,
      unit_cost_cents: input.unitCost,
      vat_rate_bp: input.vatRate,
      lead_time_hours: input.leadTimeHours,
      target_hours: input.targetHours,
      weekdays: [...new Set(input.weekdays)].sort(),
      default_provider_id: providerId,
      active: input.active,
      audience: input.audience,
      audience_plan_ids: planIds,
      audience_residence_ids: residenceIds,
    };
    try {
      const row = id
        ? await tx.updateTable('concierge_catalogue').set(values).where('id', '=', id).returning('id').executeTakeFirstOrThrow()
        : await tx
            .insertInto('concierge_catalogue')
            .values({ ...values, organisation_id: desk.organisation_id, desk_id: desk.id })
            .returning('id')
            .executeTakeFirstOrThrow();
      await audit(tx, { action: id ? 'concierge.service.updated' : 'concierge.service.created', actor, targetType: 'concierge_service', targetId: row.id as string, details: { code: input.code, unitCostCents: input.unitCost, vatRateBp: input.vatRate, active: input.active, audience: input.audience, planIds, residenceIds } });
      return row.id as string;
    } catch (e) {
      if (isUnique(e)) throw new FieldError('code', 'concierge.error.codeTaken', 409);
      throw e;
    }
  });
}

/** Adds a provider (id null) or changes one; an inactive provider can no longer be given requests. */
export async function saveProvider(db: Db, actor: Actor, id: string | null, input: ProviderInput): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    if (id) await ownRow(tx, 'concierge_providers', desk, id);
    const values = { name: input.name, labels: [...new Set(input.labels)], distance_m: input.distanceM, contact: input.contact, service_area: input.serviceArea, active: input.active };
    try {
      const row = id
        ? await tx.updateTable('concierge_providers').set(values).where('id', '=', id).returning('id').executeTakeFirstOrThrow()
        : await tx
            .insertInto('concierge_providers')
            .values({ ...values, organisation_id: desk.organisation_id, desk_id: desk.id })
            .returning('id')
            .executeTakeFirstOrThrow();
      await audit(tx, { action: id ? 'concierge.provider.updated' : 'concierge.provider.created', actor, targetType: 'concierge_provider', targetId: row.id as string, details: { labels: values.labels, active: input.active } });
      return row.id as string;
    } catch (e) {
      if (isUnique(e)) throw new FieldError('name', 'concierge.error.nameTaken', 409);
      throw e;
    }
  });
}

/** Records a provider's document (insurance, agreement…) with its expiry; documents are never deleted. */
export async function addProviderDocument(db: Db, actor: Actor, providerId: string, input: DocumentInput): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    await ownRow(tx, 'concierge_providers', desk, providerId);
    const row = await tx
      .insertInto('concierge_provider_documents')
      .values({ organisation_id: desk.organisation_id, provider_id: providerId, kind: input.kind, label: input.label, expires_on: input.expiresOn, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'concierge.provider.document_added', actor, targetType: 'concierge_provider', targetId: providerId, details: { documentId: row.id, kind: input.kind, expiresOn: input.expiresOn } });
    return row.id as string;
  });
}
