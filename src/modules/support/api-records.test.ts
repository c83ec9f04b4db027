import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { addDays, parisToday } from './domain/local-date.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dataDir: string;
const a: Record<string, Actor> = {};
let orgId: string;
const programme: Record<string, string> = {};
let households: string[];

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

async function tokenFor(owner: Actor, scopes: string[]): Promise<string> {
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Logiciel de suivi', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: owner.userId }).execute(),
  );
  return secret;
}
const get = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
const post = (path: string, secret: string, body?: unknown) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
async function open(kind: 'normal' | 'sensitive' | 'highly_sensitive', household: number, confidentialAddress = false): Promise<string> {
  const r = await openCase(t.database.db, a.adviserA, { programmeId: programme[kind], householdId: households[household], situation: 'Suivi', confidentialAddress });
  if (!r.ok) throw new Error('open');
  return r.caseId;
}
const actions = (target: string) => withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('audit_events').select(['action', 'details']).where('target_id', '=', target).execute()));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-api-records-'));
  t = await testApp({ DATA_DIR: dataDir });
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.adviserA.orgId as string;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    programme.normal = (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string;
    programme.sensitive = (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'housing_adaptation').executeTakeFirstOrThrow()).id as string;
    programme.highly_sensitive = (await tx.selectFrom('support_programmes').select('id').where('sensitivity', '=', 'highly_sensitive').executeTakeFirstOrThrow()).id as string;
    households = (await tx.selectFrom('households').select('id').orderBy('reference').limit(3).execute()).map((h) => h.id as string);
  });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('/api/v1/support case records with tokens', () => {
  it('documents: upload (type checked), metadata, audited download; a sensitive programme needs support.cases.sensitive, a highly sensitive one refuses the upload', async () => {
    const id = await open('sensitive', 0);
    const plain = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write']);
    const full = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write', 'support.cases.sensitive']);
    const doc = { fileName: 'devis-travaux.pdf', contentBase64: PDF.toString('base64') };
    expect((await post(`/api/v1/support/cases/${id}/documents`, plain, doc)).status).toBe(403);
    const wrongType = await post(`/api/v1/support/cases/${id}/documents`, full, { fileName: 'devis.pdf', contentBase64: Buffer.from('MZ not a pdf').toString('base64') });
    expect(wrongType.status).toBe(422);
    const made = await post(`/api/v1/support/cases/${id}/documents`, full, doc);
    expect(made.status).toBe(201);
    const { id: documentId } = await made.json();
    expect((await get(`/api/v1/support/cases/${id}/documents`, plain)).status).toBe(403);
    const list = await (await get(`/api/v1/support/cases/${id}/documents`, full)).json();
    expect(list.data).toEqual([expect.objectContaining({ id: documentId, fileName: 'devis-travaux.pdf', mediaType: 'application/pdf', sizeBytes: PDF.byteLength })]);
    expect((await get(`/api/v1/support/cases/${id}/documents/${documentId}`, plain)).status).toBe(403);
    const file = await get(`/api/v1/support/cases/${id}/documents/${documentId}`, full);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    const trail = await actions(id);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['support.case.document.upload', 'support.case.document.download']));
    expect(trail.filter((e) => e.action === 'support.case.read').map((e) => e.details)).toContainEqual({ why: 'api documents', via: 'token' });
    expect(JSON.stringify(trail)).not.toContain('devis-travaux');
    const highly = await open('highly_sensitive', 1);
    expect((await post(`/api/v1/support/cases/${highly}/documents`, full, doc)).status).toBe(403);
    // Need-to-know holds: adviser B's token does not see the case at all.
    const b = await tokenFor(a.adviserB, ['support.cases.read', 'support.cases.sensitive']);
    expect((await get(`/api/v1/support/cases/${id}/documents`, b)).status).toBe(404);
    expect((await get(`/api/v1/support/cases/${id}/documents/${documentId}`, b)).status).toBe(404);
  });

  it('external referrals: created with consent, listed with only the consented fields (never a confidential address), answered once, sheet as PDF', async () => {
    const id = await open('normal', 2, true);
    const token = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write']);
    const body = { association: 'Secours Solidaire 13', contact: '04 91 00 00 00', fields: ['household_size', 'dwelling'], purpose: 'Aide alimentaire', consentUntil: addDays(parisToday(), 60), consent: true };
    expect((await post(`/api/v1/support/cases/${id}/external-referrals`, token, { ...body, consent: false })).status).toBe(422);
    const made = await post(`/api/v1/support/cases/${id}/external-referrals`, token, body);
    expect(made.status).toBe(201);
    const { id: referralId } = await made.json();
    const list = await (await get(`/api/v1/support/cases/${id}/external-referrals`, token)).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: referralId, association: 'Secours Solidaire 13', status: 'sent', consentUntil: body.consentUntil });
    expect(list.data[0].shared.dwelling ?? null).toBeNull();
    expect(Object.keys(list.data[0].shared)).not.toContain('household_name');
    const pdf = await get(`/api/v1/support/cases/${id}/external-referrals/${referralId}/sheet.pdf`, token);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect((await post(`/api/v1/support/cases/${id}/external-referrals/${referralId}/answer`, token, { status: 'accepted', answer: 'Rendez-vous le 12.' })).status).toBe(200);
    expect((await post(`/api/v1/support/cases/${id}/external-referrals/${referralId}/answer`, token, { status: 'declined' })).status).toBe(409);
    expect((await actions(id)).map((e) => e.action)).toEqual(expect.arrayContaining(['support.external_referral.create', 'support.external_referral.sheet', 'support.external_referral.answer']));
  });

  it('legal hold: the programme’s manager places and lifts it by token; an adviser cannot; a highly sensitive case refuses it by token', async () => {
    const id = await open('normal', 0);
    const manager = await tokenFor(a.manager, ['support.programmes.manage', 'support.cases.read', 'support.cases.write']);
    expect((await post(`/api/v1/support/cases/${id}/hold`, manager, { hold: true })).status).toBe(200);
    const held = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, async (tx) => (await tx.selectFrom('support_cases').select('legal_hold').where('id', '=', id).executeTakeFirstOrThrow()).legal_hold);
    expect(held).toBe(true);
    const adviser = await tokenFor(a.adviserA, ['support.cases.read', 'support.cases.write']);
    expect((await post(`/api/v1/support/cases/${id}/hold`, adviser, { hold: false })).status).toBe(403);
    expect((await post(`/api/v1/support/cases/${id}/hold`, manager, { hold: false })).status).toBe(200);
    expect((await actions(id)).map((e) => e.action)).toEqual(expect.arrayContaining(['support.case.hold', 'support.case.release']));
    const highly = await open('highly_sensitive', 2);
    const strong = await tokenFor(a.manager, ['support.programmes.manage', 'support.cases.read', 'support.cases.write', 'support.cases.sensitive']);
    expect((await post(`/api/v1/support/cases/${highly}/hold`, strong, { hold: true })).status).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/support/cases/{id}/documents',
        '/api/v1/support/cases/{id}/documents/{documentId}',
        '/api/v1/support/cases/{id}/external-referrals',
        '/api/v1/support/cases/{id}/external-referrals/{referralId}/answer',
        '/api/v1/support/cases/{id}/external-referrals/{referralId}/sheet.pdf',
        '/api/v1/support/cases/{id}/hold',
        '/api/v1/support/cases/{id}/instalments/{instalmentId}/paid',
        '/api/v1/support/cases/{id}/decisions/{decisionId}/end',
      ]),
    );
  });
});
