import { z } from 'zod';

// Parsers of the values found in landlords' spreadsheets. Each refusal is a catalogue key, so the
// report reads in the user's language. Empty cells arrive as '' and optional fields turn them to null.

const E = (k: string) => `directory.import.error.${k}`;

function fail(ctx: z.RefinementCtx, key: string): never {
  ctx.addIssue({ code: 'custom', message: E(key) });
  return z.NEVER as never;
}

/** Folds a header or a label for matching: no accents, no case, spaces and dashes as `_`. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[\s\-'’.]+/g, '_');
}

export const text = (max: number) => z.string().trim().min(1, E('required')).max(max, E('tooLong'));

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, E('tooLong'))
    .transform((v) => v || null);

export const reference = z
  .string()
  .trim()
  .min(1, E('required'))
  .max(64, E('tooLong'))
  .regex(/^[^\p{Cc}]+$/u, E('invalid'));

/** A whole number between bounds; `labels` accepts the words people write instead (e.g. RDC for the ground floor). */
export const integer = (min: number, max: number, rangeKey: string, labels: Record<string, number> = {}, fallback?: number) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim();
    if (v === '' && fallback !== undefined) return fallback;
    if (v === '') return fail(ctx, 'required');
    const word = fold(v);
    const n = /^-?\d+$/.test(v) ? Number(v) : word in labels ? labels[word] : Number.NaN;
    if (!Number.isInteger(n)) return fail(ctx, 'integer');
    if (n < min || n > max) return fail(ctx, rangeKey);
    return n;
  });

/** Rooms as written on French listings: 3, T3 or F3. */
export const rooms = z.string().transform((raw, ctx) => {
  const v = raw.trim().replace(/^[TtFf]\s*/, '');
  if (!v) return fail(ctx, 'required');
  if (!/^\d+$/.test(v)) return fail(ctx, 'integer');
  const n = Number(v);
  if (n < 1 || n > 12) return fail(ctx, 'rooms');
  return n;
});

/** Euros as French spreadsheets write them ("1 234,56", "412,5 €", "412.50") → integer cents, no float. */
export function euroCents(raw: string): number | null {
  let s = raw.replace(/[\s\u00a0\u202f€]/g, '');
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) s = s.replace(/,/g, '');
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export const money = z.string().transform((raw, ctx) => {
  if (!raw.trim()) return fail(ctx, 'required');
  const cents = euroCents(raw);
  if (cents === null || cents > 10_000_000) return fail(ctx, 'money');
  return cents;
});

/** A coordinate in degrees, with a comma or a point; empty means unknown. */
export const coordinate = (limit: number) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim().replace(',', '.');
    if (!v) return null;
    if (!/^-?\d{1,3}(\.\d+)?$/.test(v)) return fail(ctx, 'coordinate');
    const n = Number(v);
    if (Math.abs(n) > limit) return fail(ctx, 'coordinate');
    return n;
  });

/** A French postcode; Excel drops the leading zero of Ain or Aisne codes, so four digits get it back. */
export const postcode = z.string().transform((raw, ctx) => {
  const v = raw.trim();
  if (!v) return fail(ctx, 'required');
  if (/^\d{4}$/.test(v)) return `0${v}`;
  if (!/^\d{5}$/.test(v)) return fail(ctx, 'postcode');
  return v;
});

/** A date as dd/mm/yyyy (French) or yyyy-mm-dd; returns the ISO day, or null when empty. */
export function isoDay(raw: string): string | null | undefined {
  const v = raw.trim();
  if (!v) return null;
  let y: number;
  let m: number;
  let d: number;
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2100 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const day = z.string().transform((raw, ctx) => {
  const v = isoDay(raw);
  if (v === undefined) return fail(ctx, 'date');
  return v;
});

export const email = z.string().transform((raw, ctx) => {
  const v = raw.trim().toLowerCase();
  if (!v) return null;
  if (v.length > 254 || !z.email().safeParse(v).success) return fail(ctx, 'email');
  return v;
});

/** A phone number in E.164: French numbers (06 12 34 56 78) get +33; others must carry their prefix. */
export function e164(raw: string): string | null | undefined {
  const v = raw.replace(/[\s.\-()\u00a0]/g, '');
  if (!v) return null;
  if (/^0[1-9]\d{8}$/.test(v)) return `+33${v.slice(1)}`;
  if (/^00[1-9]\d{7,14}$/.test(v)) return `+${v.slice(2)}`;
  if (/^\+[1-9]\d{7,14}$/.test(v)) return v;
  return undefined;
}

export const phone = z.string().transform((raw, ctx) => {
  const v = e164(raw);
  if (v === undefined) return fail(ctx, 'phone');
  return v;
});

/** A value among `codes`, written as the code itself or as one of the words people use for it. */
export const choice = <T extends string>(codes: readonly T[], words: Record<string, T>, key: string, fallback: T | null) =>
  z.string().transform((raw, ctx): T | null => {
    const v = fold(raw);
    if (!v) return fallback;
    if ((codes as readonly string[]).includes(v)) return v as T;
    if (v in words) return words[v];
    return fail(ctx, key);
  });
