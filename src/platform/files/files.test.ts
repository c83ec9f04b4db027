import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attachmentResponse, checkUpload, cleanFileName, readStoredFile, removeStoredFile, storeFile } from './index.js';

const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const kinds = ['pdf', 'png', 'jpeg'] as const;

describe('uploads are recognised by their bytes', () => {
  it('accepts a real PDF or PNG with the matching extension', () => {
    expect(checkUpload(PDF, 'avis-imposition.PDF', { maxBytes: 1000, kinds })).toMatchObject({ ok: true, kind: 'pdf', mediaType: 'application/pdf' });
    expect(checkUpload(PNG, 'scan.png', { maxBytes: 1000, kinds })).toMatchObject({ ok: true, kind: 'png' });
  });

  it('refuses a script renamed .pdf, a PDF renamed .png, an empty file, a file too large, a kind not allowed', () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script>');
    expect(checkUpload(html, 'facture.pdf', { maxBytes: 1000, kinds })).toEqual({ ok: false, error: 'type' });
    expect(checkUpload(PDF, 'photo.png', { maxBytes: 1000, kinds })).toEqual({ ok: false, error: 'type' });
    expect(checkUpload(new Uint8Array(), 'a.pdf', { maxBytes: 1000, kinds })).toEqual({ ok: false, error: 'empty' });
    expect(checkUpload(PDF, 'a.pdf', { maxBytes: 10, kinds })).toEqual({ ok: false, error: 'too_large' });
    expect(checkUpload(PNG, 'a.png', { maxBytes: 1000, kinds: ['pdf'] })).toEqual({ ok: false, error: 'type' });
  });

  it('cleans names: no path, no quotes or control characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\x\\"a\u0007".pdf')).toBe('a.pdf');
    expect(cleanFileName('')).toBe('document');
  });
});

describe('stored files live in the data directory under random names', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('stores, reads back, removes (twice without error), and refuses a key that walks out of the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palier-files-'));
    dirs.push(dir);
    const key = await storeFile(dir, 'support', PDF);
    expect(key).toMatch(/^support\/[0-9a-f]{32}$/);
    expect(Buffer.compare((await readStoredFile(dir, key)) as Buffer, Buffer.from(PDF))).toBe(0);
    await removeStoredFile(dir, key);
    await removeStoredFile(dir, key);
    expect(await readStoredFile(dir, key)).toBeNull();
    await expect(readStoredFile(dir, '../../../etc/passwd')).rejects.toThrow('invalid storage key');
  });

  it('serves a file as an attachment the browser will not sniff', () => {
    const res = attachmentResponse(PDF, { fileName: 'Relevé été.pdf', mediaType: 'application/pdf' });
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Relev_ _t_.pdf"; filename*=UTF-8''Relev%C3%A9%20%C3%A9t%C3%A9.pdf`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});
