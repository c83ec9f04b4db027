import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { savePlan } from '../commands/manage-plans.js';
import { type Desk, staffDesk } from '../queries/desk.js';
import { type FormValues, type PlanAdminRow, planFormValues, plansForManagement } from '../queries/offer-admin.js';
import { isUuid } from '../schemas.js';
import { planSchema } from '../schemas-offer.js';
import { asEuros } from './api-offer.js';
import { fieldErrors } from './api-counter.js';
import { refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;
const actor = (c: Ctx) => c.get('actor') as Actor;

const PlanBody = z.object({
  code: z.string().optional().describe('Short code, unique at the desk: 2–40 lower-case letters, digits or dashes (required to create)'),
  nameFr: z.string().optional().describe('Name in French, 2–80 characters (required to create)'),
  nameEn: z.string().optional().describe('Name in English, 2–80 characters (required to create)'),
  monthlyFeeCents: z.number().int().optional().describe('The whole monthly price in integer cents (required to create); fixed once a household has subscribed (409)'),
  tenantShareCents: z.number().int().optional().describe('What the tenant pays of it, in integer cents, at most monthlyFeeCents; the landlord pays the rest (required to create); fixed once a household has subscribed (409)'),
  active: z.boolean().optional().describe('Offered to households subscribing; false withdraws it (running subscriptions go on). A new plan is offered unless false'),
});
const Plan = z.object({
  id: z.string(),
  code: z.string(),
  nameFr: z.string(),
  nameEn: z.string(),
  monthlyFeeCents: z.number().int(),
  tenantShareCents: z.number().int(),
  landlordShareCents: z.number().int(),
  active: z.boolean(),
  subscribers: z.number().int().describe('Households subscribed now'),
});
type PlanBodyT = z.infer<typeof PlanBody>;
const RENAME: Record<string, string> = { monthlyFee: 'monthlyFeeCents', tenantShare: 'tenantShareCents' };
const NEW_PLAN: FormValues = { code: '', nameFr: '', nameEn: '', monthlyFee: '', tenantShare: '', active: 'true' };

const planOut = (p: PlanAdminRow) =>
  Plan.parse({ id: p.id, code: p.code, nameFr: p.name_fr, nameEn: p.name_en, monthlyFeeCents: p.monthly_fee_cents, tenantShareCents: p.tenant_share_cents, landlordShareCents: p.monthly_fee_cents - p.tenant_share_cents, active: p.active, subscribers: p.subscribers });

async function planOf(c: Ctx, desk: Desk, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => plansForManagement(tx, desk.id, id));
  return row ? planOut(row) : null;
}

async function save(c: Ctx, id: string | null, b: PlanBodyT): Promise<Response> {
  try {
    const desk = await staffDesk(db(c), actor(c));
    if (!desk || (id !== null && !isUuid(id))) return apiError(c, 404, 'not_found');
    const stored = id ? await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => planFormValues(tx, desk.id, id)) : NEW_PLAN;
    if (!stored) return apiError(c, 404, 'not_found');
    const form: Record<string, unknown> = { ...stored };
    for (const k of ['code', 'nameFr', 'nameEn'] as const) if (b[k] !== undefined) form[k] = b[k];
    if (b.monthlyFeeCents !== undefined) form.monthlyFee = asEuros(b.monthlyFeeCents);
    if (b.tenantShareCents !== undefined) form.tenantShare = asEuros(b.tenantShareCents);
    if (b.active !== undefined) form.active = String(b.active);
    const parsed = planSchema.safeParse(form);
    if (!parsed.success) return fieldErrors(c, parsed.error.issues, RENAME);
    const saved = await savePlan(db(c), actor(c), id, parsed.data);
    return c.json(await planOf(c, desk, saved), id ? 200 : 201);
  } catch (e) {
    const r = e as { field?: string };
    if (r.field && RENAME[r.field]) r.field = RENAME[r.field];
    return refused(c, e);
  }
}

/** /api/v1/concierge/desk/plans: the desk's staff manage the subscription plans with the plan pages' schema and command. */
export function registerConciergePlanApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/plans', permission: 'concierge.staff', tag: 'concierge', summary: 'The desk’s subscription plans, withdrawn ones too, with the fee split and how many households subscribe', response: z.object({ data: z.array(Plan) }) },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      if (!desk) return apiError(c, 404, 'not_found');
      const rows = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => plansForManagement(tx, desk.id));
      return c.json({ data: rows.map(planOut) });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/plans/:id', permission: 'concierge.staff', tag: 'concierge', summary: 'One subscription plan of the desk', response: Plan },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      const found = desk ? await planOf(c, desk, param(c, 'id')) : null;
      return found ? c.json(found) : apiError(c, 404, 'not_found');
    },
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/plans', permission: 'concierge.staff', tag: 'concierge', summary: 'Add a subscription plan (201); a code already used at the desk is 409', body: PlanBody, response: Plan },
    (c, { body }) => save(c, null, body),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/plans/:id',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Change a plan’s names, or withdraw/offer it (active); its price and tenant’s share only while nobody has subscribed (fields left out keep their value)',
      body: PlanBody,
      response: Plan,
    },
    (c, { body }) => save(c, param(c, 'id'), body),
  );
}
