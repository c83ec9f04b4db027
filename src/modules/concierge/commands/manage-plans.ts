import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { HttpError } from '../../../platform/http/errors.js';
import { FieldError } from '../errors.js';
import { isUuid } from '../schemas.js';
import type { PlanInput } from '../schemas-offer.js';
import { asStaff } from './parcels.js';

/**
 * Adds a subscription plan (id null) or changes one. The monthly run reads the fee and the tenant's
 * share from the plan, so once a household has subscribed to it they are fixed: a new price is a new
 * plan (the old one withdrawn), never a silent change to what subscribers agreed to. Names and
 * whether new households can choose it may change at any time; existing subscriptions go on.
 */
export async function savePlan(db: Db, actor: Actor, id: string | null, input: PlanInput): Promise<string> {
  return asStaff(db, actor, async (tx, desk) => {
    if (id) {
      const row = isUuid(id) ? await tx.selectFrom('concierge_plans').select(['monthly_fee_cents', 'tenant_share_cents']).where('id', '=', id).where('desk_id', '=', desk.id).executeTakeFirst() : undefined;
      if (!row) throw new HttpError(404);
      if (row.monthly_fee_cents !== input.monthlyFee || row.tenant_share_cents !== input.tenantShare) {
        const used = await tx.selectFrom('concierge_subscriptions').select('id').where('plan_id', '=', id).limit(1).executeTakeFirst();
        if (used) throw new FieldError(row.monthly_fee_cents !== input.monthlyFee ? 'monthlyFee' : 'tenantShare', 'concierge.error.planInUse', 409);
      }
    }
    const values = { code: input.code, name_fr: input.nameFr, name_en: input.nameEn, monthly_fee_cents: input.monthlyFee, tenant_share_cents: input.tenantShare, active: input.active };
    try {
      const row = id
        ? await tx.updateTable('concierge_plans').set(values).where('id', '=', id).where('desk_id', '=', desk.id).returning('id').executeTakeFirstOrThrow()
        : await tx
            .insertInto('concierge_plans')
            .values({ ...values, organisation_id: desk.organisation_id, desk_id: desk.id })
            .returning('id')
            .executeTakeFirstOrThrow();
      await audit(tx, { action: id ? 'concierge.plan.updated' : 'concierge.plan.created', actor, targetType: 'concierge_plan', targetId: row.id as string, details: { code: input.code, monthlyFeeCents: input.monthlyFee, tenantShareCents: input.tenantShare, active: input.active } });
      return row.id as string;
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new FieldError('code', 'concierge.error.planCodeTaken', 409);
      throw e;
    }
  });
}
