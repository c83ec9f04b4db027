import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
let caseId: string;
let dataDir: string;

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

async function upload(client: Client, name: string, bytes: Uint8Array, type = 'application/pdf'): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', await client.csrf());
  form.set('document', new File([new Uint8Array(bytes)], name, { type }));
  return client.request(`/support/cases/${caseId}/documents`, { method: 'POST', body: form });
}

async function storedFiles(): Promise<number> {
  const root = join(dataDir, 'files', 'support');
  const dirs = await readdir(root).catch(() => [] as string[]);
  let n = 0;
  for (const d of dirs) n += (await readdir(join(root, d))).length;
  return n;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-docs-'));
  t = await testApp({ DATA_DIR: dataDir });
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  const { programmeId, householdId } = await withTenant(t.database.db, { orgId }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'housing_adaptation').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string,
  }));
  const r = await openCase(t.database.db, adviser, { programmeId, householdId, situation: '', confidentialAddress: false });
  if (!r.ok) throw new Error('open');
  caseId = r.caseId;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('documents of a case', () => {
  it('the adviser uploads a PDF; it is stored in the data directory and downloads as an audited attachment', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const res = await upload(client, 'Certificat médical.pdf', PDF);
    expect(res.status).toBe(303);
    expect(await storedFiles()).toBe(1);
    const page = await (await client.get(`/support/cases/${caseId}`)).text();
    const href = /href="(\/support\/cases\/[^"]+\/documents\/[0-9a-f-]+)"/.exec(page)?.[1] as string;
    expect(page).toContain('Certificat médical.pdf');
    const download = await client.get(href);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    const trail = await withTenant(t.database.db, { orgId }, (tx) =>
      tx.selectFrom('audit_events').select(['action', 'actor_user_id', 'details']).where('target_id', '=', caseId).where('action', 'like', 'support.case.document.%').orderBy('id').execute(),
    );
    expect(trail.map((e) => e.action)).toEqual(['support.case.document.upload', 'support.case.document.download']);
    expect(JSON.stringify(trail)).not.toContain('Certificat');
  });

  it('refuses a page renamed .pdf, a PDF renamed .png, a file over 5 MB and no file, by the field, storing nothing', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const before = await storedFiles();
    const fake = await upload(client, 'avis.pdf', new TextEncoder().encode('<html><script>alert(1)</script></html>'));
    expect(fake.status).toBe(422);
    const html = await fake.text();
    expect(html).toContain('Ce fichier n’est pas un PDF, un PNG ou un JPEG (son contenu ne correspond pas).');
    expect(html).toMatch(/id="f-document"[^>]*aria-invalid="true"/);
    expect((await upload(client, 'photo.png', PDF, 'image/png')).status).toBe(422);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await upload(client, 'gros.pdf', big);
    expect(tooBig.status).toBe(422);
    expect(await tooBig.text()).toContain('Le fichier dépasse 5 Mo.');
    const form = new FormData();
    form.set('_csrf', await client.csrf());
    const none = await client.request(`/support/cases/${caseId}/documents`, { method: 'POST', body: form });
    expect(none.status).toBe(422);
    expect(await storedFiles()).toBe(before);
  });

  it('need-to-know: adviser B gets 404, the administrator and the concierge 403, for upload and download alike', async () => {
    const owner = t.client();
    await owner.signIn(LOGIREM.adviserA);
    const href = /href="(\/support\/cases\/[^"]+\/documents\/[0-9a-f-]+)"/.exec(await (await owner.get(`/support/cases/${caseId}`)).text())?.[1] as string;
    for (const [email, status] of [
      [LOGIREM.adviserB, 404],
      [LOGIREM.admin, 403],
      [LOGIREM.concierge, 403],
    ] as const) {
      const client = t.client();
      await client.signIn(email);
      expect((await client.get(href)).status, email).toBe(status);
      expect((await upload(client, 'x.pdf', PDF)).status, email).toBe(status);
    }
    expect((await owner.get(`/support/cases/${caseId}/documents/not-a-uuid`)).status).toBe(404);
  });
});
