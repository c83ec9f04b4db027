import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The kinds of file Palier accepts, each recognised by its first bytes — never by its name alone. */
export const FILE_KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  png: { mediaType: 'image/png', extensions: ['png'], magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], magic: [[0xff, 0xd8, 0xff]] },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export type UploadCheck = { ok: true; kind: FileKind; mediaType: string; fileName: string } | { ok: false; error: 'empty' | 'too_large' | 'type' };

/** A file name safe to show and to send back: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || 'document').slice(-120);
}

/**
 * Checks an upload against a size limit and a list of kinds: the first bytes must be those of an
 * allowed kind AND the name's extension must be that kind's, so a script renamed .pdf is refused.
 * @example checkUpload(bytes, 'avis.pdf', { maxBytes: 5_000_000, kinds: ['pdf', 'png', 'jpeg'] })
 */
export function checkUpload(bytes: Uint8Array, fileName: string, opts: { maxBytes: number; kinds: readonly FileKind[] }): UploadCheck {
  if (bytes.byteLength === 0) return { ok: false, error: 'empty' };
  if (bytes.byteLength > opts.maxBytes) return { ok: false, error: 'too_large' };
  const name = cleanFileName(fileName);
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  for (const kind of opts.kinds) {
    const k = FILE_KINDS[kind];
    const magicMatches = k.magic.some((m) => m.every((b, i) => bytes[i] === b));
    if (magicMatches && (k.extensions as readonly string[]).includes(ext)) return { ok: true, kind, mediaType: k.mediaType, fileName: name };
  }
  return { ok: false, error: 'type' };
}

const KEY = /^[a-z0-9-]{1,40}\/[0-9a-f]{32}$/;

function pathOf(dataDir: string, key: string): string {
  if (!KEY.test(key)) throw new Error('invalid storage key');
  const [area, id] = key.split('/');
  return join(dataDir, 'files', area, id.slice(0, 2), id);
}

/**
 * Stores bytes under the data directory (never under a served folder) with a random name, and
 * returns the key to keep in the database. `area` groups files by module, e.g. 'support'.
 */
export async function storeFile(dataDir: string, area: string, bytes: Uint8Array): Promise<string> {
  const key = `${area}/${randomBytes(16).toString('hex')}`;
  const path = pathOf(dataDir, key);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
  return key;
}

/** The bytes of a stored file, or null when it is gone. */
export async function readStoredFile(dataDir: string, key: string): Promise<Buffer | null> {
  try {
    return await readFile(pathOf(dataDir, key));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Removes a stored file; removing one already gone is not an error (jobs may run twice). */
export async function removeStoredFile(dataDir: string, key: string): Promise<void> {
  await rm(pathOf(dataDir, key), { force: true });
}

/**
 * A download that the browser saves rather than opens: attachment, the type we recognised,
 * nosniff, no caching, and a sandbox in case a browser renders it anyway.
 */
export function attachmentResponse(bytes: Uint8Array, file: { fileName: string; mediaType: string }): Response {
  const name = cleanFileName(file.fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': file.mediaType,
      'content-length': String(bytes.byteLength),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
}
