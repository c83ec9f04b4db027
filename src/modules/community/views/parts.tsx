import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import { dateFormat } from '../../../platform/i18n/intl-cache.js';
import { SelectField } from '../../../platform/ui/form.js';
import { parisDate, parisTime } from '../domain/paris-time.js';

/** "12 décembre 2026, 17:30 – 19:00" in Paris time; the end date is shown only when it differs. */
export function When(props: { locale: Locale; start: Date; end: Date }) {
  const f = formatters(props.locale);
  const sameDay = parisDate(props.start) === parisDate(props.end);
  const weekday = dateFormat(props.locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', timeZone: 'Europe/Paris' }).format(props.start);
  return <time datetime={props.start.toISOString()}>{`${weekday} ${f.date(props.start)}, ${parisTime(props.start)} – ${sameDay ? parisTime(props.end) : f.dateTime(props.end)}`}</time>;
}

/** Places left, or the waiting list when full, in words. */
export function placesText(
  t: Translate,
  e: {
    capacity: number | null;
    confirmed_seats: number;
    waiting: number;
    registration: string;
  },
): string {
  if (e.registration === 'off') return t('community.places.noRegistration');
  if (e.capacity === null) return t('community.places.unlimited');
  const left = Math.max(0, e.capacity - e.confirmed_seats);
  return left > 0 && e.waiting === 0 ? t('community.places.left', { count: left, capacity: e.capacity }) : t('community.places.full', { count: e.waiting });
}

/** A notice after a redirect (?done=…), announced to screen readers. */
export function Notice(props: { t: Translate; done?: string; prefix: string }) {
  if (!props.done || !/^[a-zA-Z_]+$/.test(props.done)) return null;
  return (
    <p class="notice" role="status">
      {props.t(`${props.prefix}.${props.done}`)}
    </p>
  );
}

/** A labelled multi-line field with its error tied to it. */
export function TextArea(props: { t: Translate; name: string; label: string; value?: string; error?: string; hint?: string; rows?: number }) {
  const id = `f-${props.name}`;
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="error" id={`${id}-error`}>
          {props.t(props.error)}
        </span>
      )}
      <textarea id={id} name={props.name} rows={props.rows ?? 5} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

/** The platform's labelled select, taking an absent value as none chosen. */
export function Select(props: { t: Translate; name: string; label: string; value?: string | null; error?: string; hint?: string; options: { value: string; label: string }[] }) {
  return <SelectField {...props} value={props.value ?? ''} />;
}
