import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { saveService } from '../commands/manage-offer.js';
import { AUDIENCES } from '../domain/audience.js';
import { type Desk, staffDesk } from '../queries/desk.js';
import { type FormValues, serviceFormValues } from '../queries/offer-admin.js';
import { isUuid } from '../schemas.js';
import { serviceSchema, UNITS } from '../schemas-offer.js';
import { fieldErrors } from './api-counter.js';
import { refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;
const actor = (c: Ctx) => c.get('actor') as Actor;

const ServiceBody = z.object({
  code: z.string().optional().describe('Short code, unique at the desk: 2–40 lower-case letters, digits or dashes (required to create)'),
  nameFr: z.string().optional().describe('Name in French, 2–80 characters (required to create)'),
  nameEn: z.string().optional().describe('Name in English, 2–80 characters (required to create)'),
  descriptionFr: z.string().optional().describe('What the household gets, in plain French, 5–500 characters (required to create)'),
  descriptionEn: z.string().optional().describe('The same in English, 5–500 characters (required to create)'),
  unit: z.string().optional().describe('hour, item, delivery or visit (required to create)'),
  unitCostCents: z.number().int().optional().describe('The provider’s cost price per unit, VAT excluded, in integer cents (0 to 99,999.99 €; required to create); requests already dispatched keep their frozen price'),
  vatRateBp: z.number().int().optional().describe('VAT rate in basis points: 0, 550 (5.5 %), 1000 or 2000 (required to create)'),
  leadTimeHours: z.number().int().optional().describe('Notice needed before the wanted day, 0–720 hours (required to create)'),
  targetHours: z.number().int().optional().describe('Target delay before a request is flagged late, 1–720 hours (required to create)'),
  weekdays: z.array(z.number().int()).max(7).optional().describe('Days the service is given, 1 (Monday) to 7 (Sunday); at least one (required to create)'),
  providerId: z.string().nullable().optional().describe('The usual provider (an active one of the desk), or null for none'),
  active: z.boolean().optional().describe('Offered to residents; a new service is offered unless false'),
  audience: z.string().optional().describe('subscribers (default), plans, residences or staff (ordered at the counter only)'),
  planIds: z.array(z.string()).max(50).optional().describe('With audience plans: the desk’s plans'),
  residenceIds: z.array(z.string()).max(200).optional().describe('With audience residences: residences the desk covers'),
});
const Service = z.object({
  id: z.string(),
  code: z.string(),
  nameFr: z.string(),
  nameEn: z.string(),
  descriptionFr: z.string(),
  descriptionEn: z.string(),
  unit: z.enum(UNITS),
  unitCostCents: z.number().int(),
  vatRateBp: z.number().int(),
  leadTimeHours: z.number().int(),
  targetHours: z.number().int(),
  weekdays: z.array(z.number().int()),
  providerId: z.string().nullable(),
  active: z.boolean(),
  audience: z.enum(AUDIENCES),
  planIds: z.array(z.string()),
  residenceIds: z.array(z.string()),
});
type ServiceBodyT = z.infer<typeof ServiceBody>;

/** Cents as the catalogue form's euros ("11.50"); anything else stays unreadable, so the form's check refuses it. */
export const asEuros = (cents: number | undefined) => (cents === undefined ? '' : Number.isInteger(cents) && cents >= 0 ? `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}` : String(cents));
const RENAME = { unitCost: 'unitCostCents', vatRate: 'vatRateBp' } as Record<string, string>;

/** What a new service starts from: texts empty (so the form's messages name what is missing), offered to every subscriber. */
const NEW_SERVICE: FormValues = { code: '', nameFr: '', nameEn: '', descriptionFr: '', descriptionEn: '', unit: '', unitCost: '', providerId: '', active: 'true', audience: 'subscribers', planIds: [], residenceIds: [] };

/** The body over the stored form values (fields left out keep theirs), in the form's own shape for its schema. */
function merged(stored: FormValues, b: ServiceBodyT): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const k of ['code', 'nameFr', 'nameEn', 'descriptionFr', 'descriptionEn', 'unit', 'audience', 'planIds', 'residenceIds', 'weekdays', 'leadTimeHours', 'targetHours'] as const) if (b[k] !== undefined) out[k] = b[k];
  if (b.unitCostCents !== undefined) out.unitCost = asEuros(b.unitCostCents);
  if (b.vatRateBp !== undefined) out.vatRate = b.vatRateBp;
  if (b.providerId !== undefined) out.providerId = b.providerId ?? '';
  if (b.active !== undefined) out.active = String(b.active);
  return out;
}

async function serviceOf(c: Ctx, desk: Desk, id: string) {
  const r = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => tx.selectFrom('concierge_catalogue').selectAll().where('id', '=', id).where('desk_id', '=', desk.id).executeTakeFirstOrThrow());
  return Service.parse({
    id: r.id,
    code: r.code,
    nameFr: r.name_fr,
    nameEn: r.name_en,
    descriptionFr: r.description_fr,
    descriptionEn: r.description_en,
    unit: r.unit,
    unitCostCents: r.unit_cost_cents,
    vatRateBp: r.vat_rate_bp,
    leadTimeHours: r.lead_time_hours,
    targetHours: r.target_hours,
    weekdays: r.weekdays,
    providerId: r.default_provider_id ?? null,
    active: r.active,
    audience: r.audience,
    planIds: r.audience_plan_ids,
    residenceIds: r.audience_residence_ids,
  });
}

/** Saves a service (id null: a new one) through the catalogue form's schema and command; 201 or 200 with the service as stored. */
async function save(c: Ctx, id: string | null, body: ServiceBodyT): Promise<Response> {
  try {
    const desk = await staffDesk(db(c), actor(c));
    if (!desk || (id !== null && !isUuid(id))) return apiError(c, 404, 'not_found');
    const stored = id ? await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => serviceFormValues(tx, desk.id, id)) : NEW_SERVICE;
    if (!stored) return apiError(c, 404, 'not_found');
    const parsed = serviceSchema.safeParse(merged(stored, body));
    if (!parsed.success) return fieldErrors(c, parsed.error.issues, RENAME);
    const saved = await saveService(db(c), actor(c), id, parsed.data);
    return c.json(await serviceOf(c, desk, saved), id ? 200 : 201);
  } catch (e) {
    return refused(c, e);
  }
}

/** /api/v1/concierge/desk/services: the desk's staff manage the catalogue with the catalogue pages' schema, command, messages and audit. */
export function registerConciergeOfferApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/services', permission: 'concierge.staff', tag: 'concierge', summary: 'The desk’s catalogue as the concierge manages it, offered and withdrawn services', response: z.object({ data: z.array(Service) }) },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      if (!desk) return apiError(c, 404, 'not_found');
      const ids = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => tx.selectFrom('concierge_catalogue').select('id').where('desk_id', '=', desk.id).orderBy('active', 'desc').orderBy('code').execute());
      return c.json({ data: await Promise.all(ids.map((r) => serviceOf(c, desk, r.id as string))) });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/services/:id', permission: 'concierge.staff', tag: 'concierge', summary: 'One service of the desk’s catalogue, every field the concierge can change', response: Service },
    async (c) => {
      const id = param(c, 'id');
      const desk = await staffDesk(db(c), actor(c));
      if (!desk || !isUuid(id)) return apiError(c, 404, 'not_found');
      const found = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => tx.selectFrom('concierge_catalogue').select('id').where('id', '=', id).where('desk_id', '=', desk.id).executeTakeFirst());
      return found ? c.json(await serviceOf(c, desk, id)) : apiError(c, 404, 'not_found');
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/services',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Add a service to the desk’s catalogue (201); a code already used at the desk is 409',
      body: ServiceBody,
      response: Service,
    },
    (c, { body }) => save(c, null, body),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/services/:id',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Change any field of a service (fields left out keep their value); active false withdraws it from residents',
      body: ServiceBody,
      response: Service,
    },
    (c, { body }) => save(c, param(c, 'id'), body),
  );

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    apiEndpoint(
      app,
      {
        method: 'POST',
        path: `/api/v1/concierge/desk/services/:id/${action}`,
        permission: 'concierge.staff',
        tag: 'concierge',
        summary: active ? 'Offer a withdrawn service again (its usual provider must be active)' : 'Withdraw a service: residents no longer see nor order it; requests already made go on',
        body: z.object({}),
        response: Service,
      },
      (c) => save(c, param(c, 'id'), { active }),
    );
  }
}
