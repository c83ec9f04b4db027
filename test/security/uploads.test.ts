import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { apiTokenFor } from '../api-token.js';
import { type Client, demo, testApp } from '../app.js';
import { changedTables, type TestApp, tableFingerprints } from './helpers.js';

/**
 * Every upload of the application gets files whose bytes do not match their declared type or extension (issue 9):
 * a PDF named .png, HTML and SVG with a script named .pdf or .png, a zip named .csv or .pdf, a PNG named .pdf, an
 * empty file, a polyglot (a PNG's first bytes, then HTML) named .html. Each is refused with a 4xx and the field's
 * message in French, and nothing is stored (no row, no file). What is accepted — a polyglot that really starts as its
 * kind, under its kind's extension — comes back with the type recognised at upload, `nosniff` and a sandbox, and
 * documents as attachments.
 * The upload endpoints (multipart or base64, from the route table and src/platform/files): a support case's
 * documents (page and API), an activity's report photos (page), a proposal's photo (page and API), the directory's
 * register import (CSV), the places around a residence (CSV). A parcel's signature (concierge, page and API) is a PNG
 * data URL checked by the same function; HTML sent as that PNG is refused in src/modules/concierge/parcel-signature.test.ts.
 */
const enc = (s: string) => new TextEncoder().encode(s);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = enc('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const HTML = enc('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = enc('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>');
// A zip's local file header (PK\3\4) and a few bytes: what a spreadsheet saved as .xlsx, renamed .csv, starts with.
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...enc('[Content_Types].xml'), 0x00, 0xff, 0xfe]);
const POLYGLOT = new Uint8Array([...PNG, ...HTML]);
const PDF_POLYGLOT = new Uint8Array([...PDF, ...HTML]);

type Hostile = { label: string; name: string; type: string; bytes: Uint8Array };
const file = (label: string, name: string, type: string, bytes: Uint8Array): Hostile => ({ label, name, type, bytes });
/** Against endpoints that take PDF, PNG or JPEG, or photos (PNG, JPEG). */
const HOSTILE_FILES: Hostile[] = [
  file('PDF named .png', 'photo.png', 'image/png', PDF),
  file('HTML with a script named .pdf', 'avis.pdf', 'application/pdf', HTML),
  file('SVG with a script named .pdf', 'avis.pdf', 'application/pdf', SVG),
  file('SVG named .png', 'photo.png', 'image/png', SVG),
  file('zip named .pdf', 'avis.pdf', 'application/pdf', ZIP),
  file('empty file', 'vide.png', 'image/png', new Uint8Array()),
  file('PNG polyglot named .html', 'page.html', 'text/html', POLYGLOT),
];
/** Against CSV imports. */
const HOSTILE_CSV: Hostile[] = [
  file('zip named .csv', 'import.csv', 'text/csv', ZIP),
  file('PDF named .csv', 'import.csv', 'text/csv', PDF),
  file('PNG named .csv', 'import.csv', 'text/csv', PNG),
  file('empty file', 'import.csv', 'text/csv', new Uint8Array()),
];

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-uploads-'));
  t = await testApp({ DATA_DIR: dataDir });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function storedFiles(): Promise<number> {
  let n = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else n++;
    }
  };
  await walk(join(dataDir, 'files'));
  return n;
}

async function signedIn(email: string): Promise<Client> {
  const c = t.client();
  expect((await c.signIn(email)).status).toBe(303);
  await c.csrf();
  return c;
}

/** A multipart form as a browser sends it, the file under `field`. */
async function multipart(client: Client | null, fields: Record<string, string>, field: string, f: Hostile): Promise<FormData> {
  const form = new FormData();
  if (client) form.set('_csrf', await client.csrf());
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(field, new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return form;
}

/** Sends every hostile file; each must be refused with `message`, and nothing may be stored, rows or files. */
async function refusesAll(files: Hostile[], send: (f: Hostile) => Response | Promise<Response>, message: (f: Hostile) => string | RegExp): Promise<void> {
  const before = await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts', 'api_tokens']);
  const filesBefore = await storedFiles();
  for (const f of files) {
    const res = await send(f);
    const body = await res.text();
    expect(res.status, f.label).toBeGreaterThanOrEqual(400);
    expect(res.status, f.label).toBeLessThan(500);
    const m = message(f);
    if (typeof m === 'string') expect(body, f.label).toContain(m);
    else expect(body, f.label).toMatch(m);
    expect(await storedFiles(), f.label).toBe(filesBefore);
  }
  expect(changedTables(before, await tableFingerprints(t.database.owner, ['sessions', 'audit_events', 'login_attempts', 'api_tokens']))).toEqual([]);
}

/** What an accepted file comes back with: its recognised type, nosniff, a sandbox; documents as attachments. */
function expectSafelyServed(res: Response, mediaType: string, attachment: boolean): void {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(mediaType);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toContain('sandbox');
  if (attachment) expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
}

describe('uploads whose content does not match their type', () => {
  it('a support case’s documents, page and API: refused with the field’s message; a PDF polyglot downloads as an attachment', async () => {
    const adviser = await actorFor(t.database.db, LOGIREM.adviserA);
    const orgId = adviser.orgId as string;
    const { programmeId, householdId } = await withTenant(t.database.db, { orgId }, async (tx) => ({
      programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'housing_adaptation').executeTakeFirstOrThrow()).id as string,
      householdId: (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string,
    }));
    const opened = await openCase(t.database.db, adviser, { programmeId, householdId, situation: '', confidentialAddress: false });
    if (!opened.ok) throw new Error('case not opened');
    const path = `/support/cases/${opened.caseId}/documents`;
    const page = await signedIn(LOGIREM.adviserA);
    const typeMessage = 'Ce fichier n’est pas un PDF, un PNG ou un JPEG (son contenu ne correspond pas).';
    const messageOf = (f: Hostile) => (f.bytes.byteLength ? typeMessage : 'Choisissez un fichier.');
    await refusesAll([...HOSTILE_FILES, file('PNG named .pdf', 'avis.pdf', 'application/pdf', PNG)], async (f) => page.request(path, { method: 'POST', body: await multipart(page, {}, 'document', f) }), messageOf);

    const token = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write', 'support.cases.sensitive']);
    const api = (f: Hostile) =>
      t.app.request(`/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'fr' },
        body: JSON.stringify({ fileName: f.name, contentBase64: Buffer.from(f.bytes).toString('base64') }),
      });
    // The API's schema refuses an empty base64 string itself (400, `contentBase64`); every other file reaches the check.
    await refusesAll(HOSTILE_FILES, api, (f) => (f.bytes.byteLength ? JSON.stringify({ document: typeMessage }).slice(1, -1) : /contentBase64/));

    const accepted = await api(file('PDF polyglot', 'avis.pdf', 'application/pdf', PDF_POLYGLOT));
    expect(accepted.status).toBe(201);
    const { id } = (await accepted.json()) as { id: string };
    expectSafelyServed(await page.get(`${path}/${id}`), 'application/pdf', true);
    expectSafelyServed(await t.app.request(`/api/v1${path}/${id}`, { headers: { authorization: `Bearer ${token}` } }), 'application/pdf', true);
  });

  it('an activity’s report photo: refused with the field’s message, the report not written either; a PNG polyglot is served as an image', async () => {
    const org = (await q('select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1', [demo('facilitator')]))[0].organisation_id;
    const held = (await q(`insert into community_events (organisation_id, title, category, address, starts_at, ends_at, capacity) values ($1, 'Atelier vélo', 'workshop', 'Salle commune', now() - interval '2 hours', now() - interval '1 hour', 20) returning id`, [org]))[0].id;
    const staff = await signedIn(demo('facilitator'));
    const fields = { body: 'Douze personnes, trois vélos réparés.', walkIns: '2', caption: 'L’atelier', consent: 'on' };
    const send = async (f: Hostile) => staff.request(`/community/manage/events/${held}/report`, { method: 'POST', body: await multipart(staff, fields, 'photo', f) });
    const PHOTO_TYPE = 'Seules les photos JPEG ou PNG sont acceptées.';
    await refusesAll(HOSTILE_FILES, send, (f) => (f.bytes.byteLength ? PHOTO_TYPE : 'Le fichier est vide.'));

    expect((await send(file('PNG polyglot', 'atelier.png', 'image/png', POLYGLOT))).status).toBe(303);
    const [photo] = await q('select id, media_type from community_event_photos where event_id = $1', [held]);
    expect(photo.media_type).toBe('image/png');
    expectSafelyServed(await staff.get(`/community/events/${held}/photos/${photo.id}`), 'image/png', false);
  });

  it('a proposal’s photo, page and API: refused with the field’s message; a PNG polyglot is served as an image', async () => {
    const process = (await q(`select id from community_processes where title like 'Réma’Vert 2026%'`))[0].id;
    const amina = await signedIn(demo('resident'));
    const fields = { title: 'Des bacs à compost', body: 'Au pied du bâtiment C, pour les épluchures.', category: 'community_life', caption: 'Le coin près du local vélos' };
    const PHOTO_TYPE = 'Seules les photos JPEG ou PNG sont acceptées.';
    const messageOf = (f: Hostile) => (f.bytes.byteLength ? PHOTO_TYPE : 'Le fichier est vide.');
    await refusesAll(HOSTILE_FILES, async (f) => amina.request(`/community/processes/${process}/propose`, { method: 'POST', body: await multipart(amina, fields, 'photo', f) }), messageOf);

    const made = await amina.request(`/community/processes/${process}/propose`, { method: 'POST', body: await multipart(amina, fields, 'photo', file('none', '', 'application/octet-stream', new Uint8Array())) });
    expect(made.status).toBe(303);
    const proposal = (made.headers.get('location') as string).split('/')[3].split('?')[0];
    const token = await apiTokenFor(t, demo('resident'), ['community.read', 'community.propose']);
    const api = async (f: Hostile) =>
      t.app.request(`/api/v1/community/proposals/${proposal}/photo`, { method: 'POST', body: await multipart(null, { caption: 'Le coin près du local vélos' }, 'photo', f), headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr' } });
    await refusesAll(HOSTILE_FILES, api, (f) => JSON.stringify(messageOf(f)).slice(1, -1));

    expect((await api(file('PNG polyglot', 'coin.png', 'image/png', POLYGLOT))).status).toBe(201);
    expectSafelyServed(await amina.get(`/community/proposals/${proposal}/photo`), 'image/png', false);
  });

  it('the directory’s register import and the places around a residence: a zip, a PDF, a PNG or an empty file named .csv are refused', async () => {
    const admin = await signedIn(demo('org_admin'));
    const importRegister = async (f: Hostile) => admin.request('/admin/import', { method: 'POST', body: await multipart(admin, { kind: 'residences' }, 'file', f) });
    // A binary file is read as text and fails the header check: nothing imported, the columns that are missing named.
    await refusesAll(HOSTILE_CSV, importRegister, (f) => (f.bytes.byteLength ? 'Colonnes obligatoires absentes : reference, nom, adresse, code_postal, ville. Rien n’a été importé.' : 'Fichier CSV : Choisissez un fichier CSV.'));

    const concierge = await signedIn(demo('concierge'));
    const org = (await q('select m.organisation_id from memberships m join users u on u.id = m.user_id where u.email = $1', [demo('concierge')]))[0].organisation_id;
    const residence = await withTenant(t.database.db, { orgId: org }, (tx) => tx.selectFrom('residences').select('id').executeTakeFirstOrThrow());
    const around = async (f: Hostile) => concierge.request(`/impact/residences/${residence.id}/around/import`, { method: 'POST', body: await multipart(concierge, {}, 'file', f) });
    await refusesAll(HOSTILE_CSV, around, () => 'Ligne 1 : La première ligne doit nommer au moins les colonnes nom, latitude et longitude.');
  });
});
