import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { saveDeskSettings } from '../commands/desk-settings.js';
import { saveService } from '../commands/manage-offer.js';
import { AUDIENCES } from '../domain/audience.js';
import { FieldError } from '../errors.js';
import { staffDesk } from '../queries/desk.js';
import { isUuid } from '../schemas.js';
import { deskSettingsSchema, serviceSchema } from '../schemas-offer.js';
import { fieldErrors } from './api-counter.js';
import { refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;

const RulesBody = z.object({
  audience: z.string().optional().describe('subscribers (every subscriber), plans (subscribers of planIds), residences (residents of residenceIds) or staff (ordered by the concierge at the counter only)'),
  planIds: z.array(z.string()).max(50).optional().describe('With audience plans: the desk’s plans'),
  residenceIds: z.array(z.string()).max(200).optional().describe('With audience residences: residences the desk covers'),
  weekdays: z.array(z.number().int()).max(7).optional().describe('Days the service is given, 1 (Monday) to 7 (Sunday); at least one'),
  leadTimeHours: z.number().int().optional().describe('Notice needed before the wanted day, 0–720 hours'),
  unitCostCents: z.number().int().optional().describe('Price per unit, VAT excluded, in integer cents (up to 99,999.99 €); requests already dispatched keep their frozen price'),
});
const Rules = z.object({
  id: z.string(),
  audience: z.enum(AUDIENCES),
  planIds: z.array(z.string()),
  residenceIds: z.array(z.string()),
  weekdays: z.array(z.number().int()),
  leadTimeHours: z.number().int(),
  unitCostCents: z.number().int(),
});

const SettingsBody = z.object({
  parcelReturnDays: z.number().int().optional().describe('Days an unclaimed parcel waits before it goes back to its sender (3–90)'),
  returnNoticeDays: z.number().int().optional().describe('Days before the return the household is told (1–30, fewer than parcelReturnDays)'),
  parcelReminderDays: z.number().int().optional().describe('Days a parcel waits before the household is reminded, once (1–30, fewer than parcelReturnDays); left out: unchanged'),
});
const Settings = z.object({ parcelReturnDays: z.number().int(), returnNoticeDays: z.number().int(), parcelReminderDays: z.number().int() });

/** Cents as the catalogue form's euros ("11.50"); anything else stays unreadable, so the form's check refuses it. */
const asEuros = (cents: number) => (Number.isInteger(cents) && cents >= 0 ? `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}` : String(cents));
const RENAME = { unitCost: 'unitCostCents' };

/** /api/v1/concierge: the desk's staff change a service's rules (who can order, days, lead time, price) and the desk's parcel delays, with the pages' commands and checks. */
export function registerConciergeRulesApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/services/:id/rules',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Change a service’s rules: who can order it, its days, lead time and price (fields left out keep their value)',
      body: RulesBody,
      response: Rules,
    },
    async (c, { body }) => {
      const id = param(c, 'id');
      const actor = c.get('actor') as Actor;
      try {
        const desk = await staffDesk(db(c), actor);
        if (!desk || !isUuid(id)) return apiError(c, 404, 'not_found');
        const row = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => tx.selectFrom('concierge_catalogue').selectAll().where('id', '=', id).where('desk_id', '=', desk.id).executeTakeFirst());
        if (!row) return apiError(c, 404, 'not_found');
        const parsed = serviceSchema.safeParse({
          code: row.code,
          nameFr: row.name_fr,
          nameEn: row.name_en,
          descriptionFr: row.description_fr,
          descriptionEn: row.description_en,
          unit: row.unit,
          unitCost: asEuros(body.unitCostCents ?? (row.unit_cost_cents as number)),
          vatRate: row.vat_rate_bp,
          leadTimeHours: body.leadTimeHours ?? row.lead_time_hours,
          targetHours: row.target_hours,
          weekdays: body.weekdays ?? row.weekdays,
          providerId: row.default_provider_id ?? '',
          active: String(row.active),
          audience: body.audience ?? row.audience,
          planIds: body.planIds ?? row.audience_plan_ids,
          residenceIds: body.residenceIds ?? row.audience_residence_ids,
        });
        if (!parsed.success) return fieldErrors(c, parsed.error.issues, RENAME);
        await saveService(db(c), actor, id, parsed.data);
        const saved = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => tx.selectFrom('concierge_catalogue').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
        return c.json(
          Rules.parse({
            id,
            audience: saved.audience,
            planIds: saved.audience_plan_ids,
            residenceIds: saved.audience_residence_ids,
            weekdays: saved.weekdays,
            leadTimeHours: saved.lead_time_hours,
            unitCostCents: saved.unit_cost_cents,
          }),
        );
      } catch (e) {
        if (e instanceof FieldError && e.status !== 409) return apiError(c, 422, 'invalid_body', { [RENAME[e.field as 'unitCost'] ?? e.field]: c.get('t')(e.key) });
        return refused(c, e);
      }
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/settings',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Set the desk’s parcel delays: return to sender, the notice before it, the first reminder (fields left out keep their value)',
      body: SettingsBody,
      response: Settings,
    },
    async (c, { body }) => {
      const actor = c.get('actor') as Actor;
      const desk = await staffDesk(db(c), actor);
      if (!desk) return apiError(c, 404, 'not_found');
      const parsed = deskSettingsSchema.safeParse({
        parcelReturnDays: body.parcelReturnDays ?? desk.parcel_return_days,
        returnNoticeDays: body.returnNoticeDays ?? desk.return_notice_days,
        parcelReminderDays: body.parcelReminderDays,
      });
      if (!parsed.success) return fieldErrors(c, parsed.error.issues);
      try {
        await saveDeskSettings(db(c), actor, parsed.data);
      } catch (e) {
        return refused(c, e);
      }
      const saved = (await staffDesk(db(c), actor)) ?? desk;
      return c.json(Settings.parse({ parcelReturnDays: saved.parcel_return_days, returnNoticeDays: saved.return_notice_days, parcelReminderDays: saved.parcel_reminder_days }));
    },
  );
}
