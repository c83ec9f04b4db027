import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueKeys, formatters, translator } from '../src/platform/i18n/index.js';
import { testApp } from './app.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the catalogue', () => {
  it('has every string in French and English, and every key the code names', async () => {
    await testApp(); // registers every module's messages
    const fr = catalogueKeys('fr');
    const en = new Set(catalogueKeys('en'));
    expect(fr.filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !fr.includes(k))).toEqual([]);
    const known = new Set(fr);
    const used = new Set<string>();
    for (const file of sources('src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it('formats plurals, money and dates per locale, in Paris time', () => {
    expect(translator('fr')('form.errorSummary', { count: 1 })).toBe('Le formulaire contient 1 erreur');
    expect(translator('en')('form.errorSummary', { count: 3 })).toBe('The form has 3 errors');
    expect(formatters('fr').money(123456)).toBe('1\u202f234,56\u00a0€');
    expect(formatters('en').money(5)).toBe('€0.05');
    expect(formatters('fr').dateTime(new Date('2026-07-14T20:30:00Z'))).toBe('14 juil. 2026, 22:30');
  });
});
