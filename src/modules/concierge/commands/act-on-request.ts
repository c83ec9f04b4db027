import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { requestNetCents } from '../domain/money.js';
import { type RequestEvent, type RequestStatus, type Side, transition } from '../domain/request-status.js';
import { FieldError } from '../errors.js';
import { noticeRequestStatus } from './notices.js';
import { residentSide, staffDesk } from '../queries/desk.js';
import { providerAccount } from '../queries/provider-account.js';
import { isUuid } from '../schemas.js';

export type ActInput = { providerId?: string; reason?: string };

/** Who may act on the request, in which tenant context: the desk's staff, a provider's account, or the household itself. */
async function sideOf(db: Db, actor: Actor): Promise<{ side: Side; orgId: string; householdId: string | null; providerIds?: string[] }> {
  if (authorize(actor, 'concierge.staff') === 'allow') {
    const desk = await staffDesk(db, actor);
    if (desk)
      return {
        side: 'concierge',
        orgId: desk.organisation_id,
        householdId: null,
      };
  }
  const account = await providerAccount(db, actor);
  if (account) return { side: 'provider', orgId: account.orgId, householdId: null, providerIds: account.providers.map((p) => p.id) };
  if (authorize(actor, 'concierge.use') === 'allow') {
    const r = await residentSide(db, actor);
    if (r)
      return {
        side: 'resident',
        orgId: r.landlordId,
        householdId: r.card.householdId,
      };
  }
  throw new HttpError(403);
}

/**
 * Moves a request through its life. The row is locked so two people acting at once cannot both
 * win; the price is frozen at dispatch; every step is an event and an audit entry.
 */
export async function actOnRequest(db: Db, actor: Actor, requestId: string, event: RequestEvent, input: ActInput): Promise<RequestStatus> {
  const who = await sideOf(db, actor);
  if (!isUuid(requestId)) throw new HttpError(404);
  return withTenant(db, { orgId: who.orgId }, async (tx) => {
    let q = tx.selectFrom('concierge_requests').selectAll().where('id', '=', requestId).forUpdate();
    if (who.householdId) q = q.where('household_id', '=', who.householdId);
    // RLS already limits a provider to its own requests; the filter says so in the code too.
    if (who.providerIds) q = q.where('provider_id', 'in', who.providerIds);
    const req = await q.executeTakeFirst();
    if (!req) throw new HttpError(404);
    const result = transition(req.status as RequestStatus, event, who.side, input.reason);
    if (!result.ok) {
      if (result.error === 'reason_required') throw new FieldError('reason', 'concierge.error.reasonRequired');
      throw new HttpError(result.error === 'not_your_side' ? 403 : 409, `concierge.error.${result.error}`);
    }
    const changes: Record<string, unknown> = {
      status: result.to,
      updated_at: new Date(),
    };
    if (event === 'dispatch') {
      const provider =
        input.providerId && isUuid(input.providerId) ? await tx.selectFrom('concierge_providers').select(['id', 'active']).where('id', '=', input.providerId).executeTakeFirst() : undefined;
      if (!provider) throw new FieldError('providerId', 'concierge.error.provider');
      if (!provider.active) throw new FieldError('providerId', 'concierge.error.providerInactive');
      const item = await tx.selectFrom('concierge_catalogue').select(['unit_cost_cents', 'vat_rate_bp']).where('id', '=', req.catalogue_id).executeTakeFirstOrThrow();
      Object.assign(changes, {
        provider_id: provider.id,
        unit_cost_cents: item.unit_cost_cents,
        vat_rate_bp: item.vat_rate_bp,
        net_cents: requestNetCents(item.unit_cost_cents, req.quantity),
      });
    }
    if (event === 'complete') changes.completed_at = new Date();
    if (event === 'cancel') changes.cancel_reason = input.reason?.trim();
    if (who.side === 'provider') changes.notice_pending = result.to;
    await tx.updateTable('concierge_requests').set(changes).where('id', '=', requestId).execute();
    await tx
      .insertInto('concierge_request_events')
      .values({
        organisation_id: req.organisation_id,
        landlord_id: req.landlord_id,
        request_id: requestId,
        event,
        from_status: req.status,
        to_status: result.to,
        by_user_id: actor.userId,
        by_side: who.side,
        reason: input.reason?.trim() || null,
      })
      .execute();
    // The household hears of every step it did not take itself. A provider cannot reach the household:
    // its step is left (notice_pending) for the association to announce (flushRequestNotices).
    if (who.side === 'concierge') await noticeRequestStatus(tx, who.orgId, requestId, result.to, input.reason);
    await audit(tx, {
      action: `concierge.request.${event}`,
      actor,
      targetType: 'concierge_request',
      targetId: requestId,
      details: {
        from: req.status,
        to: result.to,
        providerId: changes.provider_id ?? null,
      },
    });
    return result.to;
  });
}
