import type { Context, Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { stateOn } from '../domain/subscription-periods.js';
import { residentSide, todayInParis } from '../queries/desk.js';
import { pausesOf } from '../queries/subscription-panel.js';

type Ctx = Context<AppEnv>;

const Subscription = z.object({
  id: z.string(),
  desk: z.string().describe('The concierge’s name'),
  plan: z.object({ id: z.string(), code: z.string(), name: z.string(), monthlyFeeCents: z.number().int() }),
  tenantShareCents: z.number().int().describe('What the household pays each month'),
  landlordShareCents: z.number().int().describe('What the landlord pays each month (the rest of the fee)'),
  status: z.enum(['active', 'cancelled']).describe('cancelled: an end date is set (it runs until then)'),
  state: z.enum(['active', 'pause_scheduled', 'paused', 'ending', 'ended']).describe('Where it stands today (Paris)'),
  startsOn: z.string().describe('YYYY-MM-DD'),
  endsOn: z.string().nullable().describe('YYYY-MM-DD, the last day; null while open-ended'),
  via: z.enum(['online', 'counter']),
  pauses: z.array(z.object({ startsOn: z.string(), endsOn: z.string().nullable().describe('null: until resumed') })).describe('Pauses in force or to come, and past ones; withdrawn pauses are left out'),
});

/** GET /api/v1/concierge/subscription: the caller's household's own subscriptions, current first. */
export function registerConciergeSubscriptionReadApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/concierge/subscription',
      permission: 'concierge.use',
      tag: 'concierge',
      summary: 'The caller’s household’s subscriptions to its concierge: plan, both shares of the fee, status, dates, pauses (the current one first, then past ones)',
      response: z.object({ data: z.array(Subscription) }),
    },
    async (c: Ctx) => {
      const db = c.get('services').database.db;
      const side = await residentSide(db, c.get('actor') as Actor);
      if (!side) return apiError(c, 404, 'not_found');
      const en = c.get('locale') === 'en';
      const today = todayInParis();
      const data = await withTenant(db, { orgId: side.landlordId }, async (tx) => {
        const rows = await tx
          .selectFrom('concierge_subscriptions as s')
          .innerJoin('concierge_plans as p', 'p.id', 's.plan_id')
          .innerJoin('concierge_desks as d', 'd.id', 's.desk_id')
          .select([
            's.id',
            'd.name as desk',
            'p.id as plan_id',
            'p.code',
            'p.name_fr',
            'p.name_en',
            'p.monthly_fee_cents',
            'p.tenant_share_cents',
            's.status',
            's.created_via',
            sql<string>`s.starts_on::text`.as('starts_on'),
            sql<string | null>`s.ends_on::text`.as('ends_on'),
          ])
          .where('s.household_id', '=', side.card.householdId)
          .where('s.landlord_id', '=', side.landlordId)
          .orderBy(sql`(s.ends_on IS NULL OR s.ends_on >= ${today}::date)`, 'desc')
          .orderBy('s.starts_on', 'desc')
          .orderBy('s.created_at', 'desc')
          .execute();
        const out = [];
        for (const r of rows) {
          const pauses = await pausesOf(tx, r.id as string);
          const facts = { status: r.status as 'active' | 'cancelled', starts_on: r.starts_on, ends_on: r.ends_on };
          out.push(
            Subscription.parse({
              id: r.id,
              desk: r.desk,
              plan: { id: r.plan_id, code: r.code, name: en ? r.name_en : r.name_fr, monthlyFeeCents: r.monthly_fee_cents },
              tenantShareCents: r.tenant_share_cents,
              landlordShareCents: (r.monthly_fee_cents as number) - (r.tenant_share_cents as number),
              status: r.status,
              state: stateOn(facts, pauses, today),
              startsOn: r.starts_on,
              endsOn: r.ends_on,
              via: r.created_via,
              pauses: pauses.map((p) => ({ startsOn: p.starts_on, endsOn: p.ends_on })),
            }),
          );
        }
        return out;
      });
      return c.json({ data });
    },
  );
}
