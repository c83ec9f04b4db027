import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';

export type Locale = 'fr' | 'en';
export const LOCALES: Locale[] = ['fr', 'en'];
export type { MessageKey };

const catalogues: Record<Locale, Record<string, string>> = { fr, en };
const compiled = new Map<string, IntlMessageFormat>();

/** Modules add their own strings; French is the reference and must hold every key. */
export function addMessages(messages: { fr: Record<string, string>; en: Record<string, string> }): void {
  for (const key of Object.keys(messages.fr)) {
    if (!(key in messages.en)) throw new Error(`i18n: key ${key} has no English text`);
  }
  Object.assign(catalogues.fr, messages.fr);
  Object.assign(catalogues.en, messages.en);
}

type Messages = { fr: Record<string, string>; en: Record<string, string> };

/** Merges several areas' message sets into one (a key defined twice is a mistake). */
export function combineMessages(sets: Messages[]): Messages {
  const out: Messages = { fr: {}, en: {} };
  for (const s of sets) {
    for (const k of Object.keys(s.fr)) if (k in out.fr) throw new Error(`i18n: key ${k} defined twice`);
    Object.assign(out.fr, s.fr);
    Object.assign(out.en, s.en);
  }
  return out;
}

export type Translate = (key: MessageKey | (string & {}), values?: Record<string, string | number>) => string;

/** The translator for a locale; an unknown key shows itself, so a missing string is visible, not silent. */
export function translator(locale: Locale): Translate {
  return (key, values) => {
    const text = catalogues[locale][key] ?? catalogues.fr[key];
    if (text === undefined) return key;
    if (!values && !text.includes('{')) return text;
    const id = `${locale}\u0000${key}`;
    let f = compiled.get(id);
    if (!f) {
      f = new IntlMessageFormat(text, locale);
      compiled.set(id, f);
    }
    return String(f.format(values));
  };
}

/** Picks the user's language: their saved preference, then the browser's Accept-Language, then French. */
export function pickLocale(preference: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (preference === 'fr' || preference === 'en') return preference;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'fr';
}

const tz = 'Europe/Paris';

type Formatters = { date: (d: Date) => string; dateTime: (d: Date) => string; money: (cents: number) => string; number: (n: number) => string };
const formatterCache = new Map<Locale, Formatters>();

/** Date, time, money and number formatting in the user's language and in Paris time (built once per locale: Intl objects are costly). */
export function formatters(locale: Locale): Formatters {
  const cached = formatterCache.get(locale);
  if (cached) return cached;
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: tz });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
  const number = new Intl.NumberFormat(tag);
  const f: Formatters = {
    date: (d) => date.format(d),
    dateTime: (d) => dateTime.format(d),
    money: (cents) => money.format(cents / 100),
    number: (n) => number.format(n),
  };
  formatterCache.set(locale, f);
  return f;
}

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
