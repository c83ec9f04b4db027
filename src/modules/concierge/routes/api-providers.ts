import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { addProviderDocument, saveProvider } from '../commands/manage-offer.js';
import { type Desk, staffDesk, todayInParis } from '../queries/desk.js';
import { type FormValues, type ProviderDocument, providerFormValues, providersForManagement } from '../queries/offer-admin.js';
import { isUuid } from '../schemas.js';
import { DOCUMENT_KINDS, documentSchema, LABELS, providerSchema } from '../schemas-offer.js';
import { fieldErrors } from './api-counter.js';
import { refused } from './api-write.js';
import { param } from './helpers.js';

type Ctx = Context<AppEnv>;
const db = (c: Ctx): Db => c.get('services').database.db;
const actor = (c: Ctx) => c.get('actor') as Actor;

const ProviderBody = z.object({
  name: z.string().optional().describe('The provider’s name, 2–80 characters, unique at the desk (required to create)'),
  labels: z.array(z.string()).max(4).optional().describe('The criteria it meets, shown to residents: ess (social economy), local, responsible (commitments), integration (integration employer)'),
  distanceM: z.number().int().nullable().optional().describe('Distance to the residence in metres (0–200,000), or null if unknown'),
  contact: z.string().optional().describe('A phone number or an e-mail address, 3–200 characters (required to create)'),
  serviceArea: z.string().optional().describe('Where it works, up to 200 characters'),
  active: z.boolean().optional().describe('Can be given requests; a new provider is active unless false'),
});
const DocumentBody = z.object({
  kind: z.string().optional().describe('insurance, agreement or other'),
  label: z.string().optional().describe('What it is, up to 100 characters (e.g. “RC Pro 2027”)'),
  expiresOn: z.string().optional().describe('YYYY-MM-DD: the day it stops being valid'),
});
const Document = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  label: z.string(),
  expiresOn: z.string(),
  status: z.enum(['valid', 'soon', 'expired']).describe('soon: expires within 30 days'),
});
const ProviderSummary = z.object({
  id: z.string(),
  name: z.string(),
  labels: z.array(z.enum(LABELS)),
  distanceM: z.number().int().nullable(),
  contact: z.string(),
  serviceArea: z.string(),
  active: z.boolean(),
  hasAccount: z.boolean().describe('The provider has its own Palier account and answers its requests itself'),
  nextExpiry: z.string().nullable().describe('YYYY-MM-DD: the earliest expiry to come among its documents'),
});
const Provider = ProviderSummary.extend({ documents: z.array(Document).describe('Newest expiry first; documents are never deleted') });
type ProviderBodyT = z.infer<typeof ProviderBody>;

/** What a new provider starts from: texts empty (so the form's messages name what is missing), active. */
const NEW_PROVIDER: FormValues = { name: '', labels: [], distanceM: '', contact: '', serviceArea: '', active: 'true' };

function merged(stored: FormValues, b: ProviderBodyT): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const k of ['name', 'labels', 'contact', 'serviceArea'] as const) if (b[k] !== undefined) out[k] = b[k];
  if (b.distanceM !== undefined) out.distanceM = b.distanceM ?? '';
  if (b.active !== undefined) out.active = String(b.active);
  return out;
}

function documentOut(d: ProviderDocument) {
  const today = todayInParis();
  const soon = new Date(Date.parse(`${today}T12:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  return Document.parse({ id: d.id, kind: d.kind, label: d.label, expiresOn: d.expires_on, status: d.expires_on < today ? 'expired' : d.expires_on <= soon ? 'soon' : 'valid' });
}

/** The provider as the management page shows it, or null if it is not the desk's. */
async function providerOf(c: Ctx, desk: Desk, id: string) {
  if (!isUuid(id)) return null;
  return withTenant(db(c), { orgId: desk.organisation_id }, async (tx) => {
    const stored = await providerFormValues(tx, desk.id, id);
    const row = (await providersForManagement(tx, desk.id)).find((p) => p.id === id);
    if (!stored || !row) return null;
    return Provider.parse({
      id,
      name: row.name,
      labels: row.labels,
      distanceM: row.distance_m,
      contact: row.contact,
      serviceArea: row.service_area,
      active: row.active,
      hasAccount: row.has_account,
      nextExpiry: row.next_expiry,
      documents: stored.documents.map(documentOut),
    });
  });
}

async function save(c: Ctx, id: string | null, body: ProviderBodyT): Promise<Response> {
  try {
    const desk = await staffDesk(db(c), actor(c));
    if (!desk || (id !== null && !isUuid(id))) return apiError(c, 404, 'not_found');
    const stored = id ? (await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => providerFormValues(tx, desk.id, id)))?.values : NEW_PROVIDER;
    if (!stored) return apiError(c, 404, 'not_found');
    const parsed = providerSchema.safeParse(merged(stored, body));
    if (!parsed.success) return fieldErrors(c, parsed.error.issues);
    const saved = await saveProvider(db(c), actor(c), id, parsed.data);
    return c.json(await providerOf(c, desk, saved), id ? 200 : 201);
  } catch (e) {
    return refused(c, e);
  }
}

/** /api/v1/concierge/desk/providers: the desk's staff manage providers and their documents with the provider pages' schemas, commands, messages and audit. */
export function registerConciergeProviderApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/concierge/desk/provider-directory',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Every provider of the desk as the concierge manages them, active ones first, with contact, area, account and the next document expiry (GET /api/v1/concierge/desk/providers lists only those to dispatch to)',
      response: z.object({ data: z.array(ProviderSummary) }),
    },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      if (!desk) return apiError(c, 404, 'not_found');
      const rows = await withTenant(db(c), { orgId: desk.organisation_id }, (tx) => providersForManagement(tx, desk.id));
      return c.json({
        data: rows.map((r) =>
          ProviderSummary.parse({ id: r.id, name: r.name, labels: r.labels, distanceM: r.distance_m, contact: r.contact, serviceArea: r.service_area, active: r.active, hasAccount: r.has_account, nextExpiry: r.next_expiry }),
        ),
      });
    },
  );

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/providers/:id', permission: 'concierge.staff', tag: 'concierge', summary: 'One provider of the desk with its documents', response: Provider },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      const found = desk ? await providerOf(c, desk, param(c, 'id')) : null;
      return found ? c.json(found) : apiError(c, 404, 'not_found');
    },
  );

  apiEndpoint(
    app,
    { method: 'POST', path: '/api/v1/concierge/desk/providers', permission: 'concierge.staff', tag: 'concierge', summary: 'Add a provider to the desk (201); a name already used at the desk is 409', body: ProviderBody, response: Provider },
    (c, { body }) => save(c, null, body),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/providers/:id',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Change a provider: name, labels, distance, contact, service area, active (fields left out keep their value)',
      body: ProviderBody,
      response: Provider,
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
        path: `/api/v1/concierge/desk/providers/:id/${action}`,
        permission: 'concierge.staff',
        tag: 'concierge',
        summary: active ? 'Make a provider active again: it can be given requests' : 'Make a provider inactive: it can no longer be given requests (those already dispatched go on)',
        body: z.object({}),
        response: Provider,
      },
      (c) => save(c, param(c, 'id'), { active }),
    );
  }

  apiEndpoint(
    app,
    { method: 'GET', path: '/api/v1/concierge/desk/providers/:id/documents', permission: 'concierge.staff', tag: 'concierge', summary: 'A provider’s documents (insurance, agreement…) with their expiry, newest expiry first', response: z.object({ data: z.array(Document) }) },
    async (c) => {
      const desk = await staffDesk(db(c), actor(c));
      const found = desk ? await providerOf(c, desk, param(c, 'id')) : null;
      return found ? c.json({ data: found.documents }) : apiError(c, 404, 'not_found');
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/providers/:id/documents',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Record a provider’s document with its expiry (201); the paper itself stays with the association, as in the pages',
      body: DocumentBody,
      response: Document,
    },
    async (c, { body }) => {
      const id = param(c, 'id');
      try {
        const desk = await staffDesk(db(c), actor(c));
        if (!desk || !isUuid(id)) return apiError(c, 404, 'not_found');
        const parsed = documentSchema.safeParse({ kind: body.kind ?? '', label: body.label ?? '', expiresOn: body.expiresOn ?? '' });
        if (!parsed.success) return fieldErrors(c, parsed.error.issues);
        const docId = await addProviderDocument(db(c), actor(c), id, parsed.data);
        const found = await providerOf(c, desk, id);
        return c.json(found?.documents.find((d) => d.id === docId), 201);
      } catch (e) {
        return refused(c, e);
      }
    },
  );
}
