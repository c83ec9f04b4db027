import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { REQUEST_STATUSES } from '../domain/request-status.js';
import { residentSide, todayInParis } from '../queries/desk.js';
import { nextSessions } from '../domain/office-hours.js';
import { parcelsOf } from '../queries/counter.js';
import { listCatalogue, officeHours, ordererOf, orderableBy } from '../queries/offer.js';
import { providerAccount } from '../queries/provider-account.js';
import { providerQueue, type RequestRow, requestsOfHousehold } from '../queries/requests.js';
import { LABELS, UNITS } from '../schemas-offer.js';

// Each schema is the allowlist of fields that leave the server: households, people and ids of other
// organisations stay behind.
const Service = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  unit: z.enum(UNITS),
  unitCostCents: z.number().int().describe('Provider cost price per unit, excluding VAT, in cents'),
  vatRateBp: z.number().int().describe('VAT rate in basis points (2000 = 20 %)'),
  leadTimeHours: z.number().int(),
  provider: z.string().nullable(),
  providerLabels: z.array(z.enum(LABELS)),
});
const Request = z.object({
  id: z.string(),
  service: z.string(),
  status: z.enum(REQUEST_STATUSES),
  quantity: z.number().int(),
  wantedOn: z.string().describe('YYYY-MM-DD'),
  notes: z.string(),
  netCents: z.number().int().nullable().describe('Frozen at dispatch; null before'),
  late: z.boolean(),
});

const Parcel = z.object({
  id: z.string(),
  kind: z.string().describe('parcel, letter, registered letter…'),
  carrier: z.string(),
  size: z.string(),
  receivedAt: z.string().describe('ISO 8601'),
  pickupCode: z.string().describe('The code to give at the counter; the household’s own'),
});
const OfficeHours = z.object({
  desk: z.string(),
  place: z.string(),
  hours: z.array(z.object({ weekday: z.number().int().describe('1 = Monday … 7 = Sunday'), startsAt: z.string().describe('HH:MM'), endsAt: z.string().describe('HH:MM'), place: z.string() })),
  closures: z.array(z.string().describe('YYYY-MM-DD')),
  closed: z.array(z.object({ date: z.string().describe('YYYY-MM-DD'), reason: z.string().describe('Why the desk is closed that day, as the staff wrote it') })).describe('Closures from today on, with their reason'),
  next: z.array(z.object({ date: z.string().describe('YYYY-MM-DD'), startsAt: z.string(), endsAt: z.string(), place: z.string() })),
});

type Ctx = Context<AppEnv>;
const en = (c: Ctx) => c.get('locale') === 'en';
const requestOut = (c: Ctx, r: RequestRow) =>
  Request.parse({ id: r.id, service: en(c) ? r.service_en : r.service_fr, status: r.status, quantity: r.quantity, wantedOn: r.wanted_on, notes: r.notes, netCents: r.net_cents, late: r.late });

/** /api/v1/concierge: the catalogue and the caller's requests (resident), the provider's queue; same visibility as the pages. */
export function registerConciergeApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/services', permission: 'concierge.use', tag: 'concierge', summary: 'The services of the concierge serving the caller’s residence', response: z.object({ data: z.array(Service) }) },
    async (c) => {
      const side = await residentSide(c.get('services').database.db, c.get('actor') as never);
      if (!side?.desk) return apiError(c, 404, 'not_found');
      const deskId = side.desk.id;
      const all = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => listCatalogue(tx, deskId, { activeOnly: true }));
      const items = orderableBy(all, ordererOf(side), 'online');
      return c.json({
        data: items.map((i) =>
          Service.parse({
            id: i.id,
            name: en(c) ? i.name_en : i.name_fr,
            description: en(c) ? i.description_en : i.description_fr,
            unit: i.unit,
            unitCostCents: i.unit_cost_cents,
            vatRateBp: i.vat_rate_bp,
            leadTimeHours: i.lead_time_hours,
            provider: i.provider_name,
            providerLabels: i.provider_labels ?? [],
          }),
        ),
      });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/requests', permission: 'concierge.use', tag: 'concierge', summary: 'The caller’s household’s requests, newest first', response: z.object({ data: z.array(Request) }) },
    async (c) => {
      const side = await residentSide(c.get('services').database.db, c.get('actor') as never);
      if (!side) return apiError(c, 404, 'not_found');
      const rows = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => requestsOfHousehold(tx, side.card.householdId));
      return c.json({ data: rows.map((r) => requestOut(c, r)) });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/parcels', permission: 'concierge.use', tag: 'concierge', summary: 'Parcels and mail waiting at the counter for the caller’s household, with their pickup codes', response: z.object({ data: z.array(Parcel) }) },
    async (c) => {
      const side = await residentSide(c.get('services').database.db, c.get('actor') as never);
      if (!side) return apiError(c, 404, 'not_found');
      const rows = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => parcelsOf(tx, { householdId: side.card.householdId }, true));
      return c.json({
        data: rows.map((p) => Parcel.parse({ id: p.id, kind: p.kind, carrier: p.carrier, size: p.size, receivedAt: new Date(p.received_at).toISOString(), pickupCode: p.pickup_code })),
      });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/office-hours', permission: 'concierge.use', tag: 'concierge', summary: 'The office hours of the concierge serving the caller’s residence: recurring hours, closed dates, the next sessions', response: OfficeHours },
    async (c) => {
      const side = await residentSide(c.get('services').database.db, c.get('actor') as never);
      if (!side?.desk) return apiError(c, 404, 'not_found');
      const desk = side.desk;
      const { hours, closures, closed } = await withTenant(c.get('services').database.db, { orgId: side.landlordId }, (tx) => officeHours(tx, desk.id));
      const today = todayInParis();
      return c.json(
        OfficeHours.parse({
          desk: desk.name,
          place: desk.place,
          hours: hours.map((h) => ({ weekday: h.weekday, startsAt: h.startsAt.slice(0, 5), endsAt: h.endsAt.slice(0, 5), place: h.place })),
          closures,
          closed: closed.filter((d) => d.date >= today),
          next: nextSessions(hours, closures, new Date(), 6).map((n) => ({ date: n.date, startsAt: n.startsAt, endsAt: n.endsAt, place: n.place })),
        }),
      );
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/provider/requests', permission: 'concierge.provider', tag: 'concierge', summary: 'The requests dispatched to the caller’s provider organisation, to answer first', response: z.object({ data: z.array(Request) }) },
    async (c) => {
      const account = await providerAccount(c.get('services').database.db, c.get('actor') as never);
      if (!account) return apiError(c, 404, 'not_found');
      const rows = await withTenant(c.get('services').database.db, { orgId: account.orgId }, (tx) =>
        providerQueue(
          tx,
          account.providers.map((p) => p.id),
        ),
      );
      return c.json({ data: rows.map((r) => requestOut(c, r)) });
    },
  );
}
