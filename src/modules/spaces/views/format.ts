import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { dateFormat } from '../../../platform/i18n/intl-cache.js';
import { formatTime, type LocalDate, parisInstant, parisParts } from '../domain/paris-time.js';

const tag = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** "mardi 8 décembre" — the day as a person says it, in Paris. */
export function dayLabel(date: LocalDate, locale: Locale, opts: { year?: boolean; short?: boolean } = {}): string {
  return dateFormat(tag(locale), {
    weekday: opts.short ? 'short' : 'long',
    day: 'numeric',
    month: opts.short ? 'short' : 'long',
    year: opts.year ? 'numeric' : undefined,
    timeZone: 'Europe/Paris',
  }).format(parisInstant(date, 720));
}

/** "09:00" of an instant, in Paris. */
export function clock(d: Date): string {
  return formatTime(parisParts(d).minutes);
}

/** "mardi 8 décembre, 09:00 – 12:00". */
export function whenLabel(start: Date, end: Date, locale: Locale): string {
  return `${dayLabel(parisParts(start).date, locale)}, ${clock(start)} – ${clock(end)}`;
}

export function durationLabel(t: Translate, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('spaces.duration.m', { m });
  return m ? t('spaces.duration.hm', { h, m }) : t('spaces.duration.h', { h });
}

/** "mardi 8 décembre, 09:00" — one instant, in Paris. */
export function instantLabel(d: Date, locale: Locale): string {
  return `${dayLabel(parisParts(d).date, locale)}, ${clock(d)}`;
}
