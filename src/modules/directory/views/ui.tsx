import type { Child } from 'hono/jsx';
import type { Translate } from '../../../platform/i18n/index.js';

/** A GET search form: a labelled search box and its button. */
export function SearchForm(p: { t: Translate; action: string; label: string; q: string }) {
  return (
    <form method="get" action={p.action} role="search">
      <label for="f-q">{p.label}</label>
      <input id="f-q" type="search" name="q" value={p.q} />
      <button type="submit">{p.t('directory.residences.searchButton')}</button>
    </form>
  );
}

/** Previous / next links that keep the search. */
export function Paging(p: { t: Translate; page: number; size: number; total: number; q: string; base?: string }) {
  const link = (n: number) => `${p.base ?? ''}?page=${n}${p.q ? `&q=${encodeURIComponent(p.q)}` : ''}`;
  if (p.page <= 1 && p.page * p.size >= p.total) return null;
  return (
    <nav aria-label={p.t('admin.paging')}>
      {p.page > 1 && <a href={link(p.page - 1)}>{p.t('admin.previous')}</a>} {p.page * p.size < p.total && <a href={link(p.page + 1)}>{p.t('admin.next')}</a>}
    </nav>
  );
}

export function pageOf(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export function searchOf(v: string | undefined): string {
  return (v ?? '').trim().slice(0, 100);
}

export { SelectField as Select } from '../../../platform/ui/form.js';

/**
 * Radio buttons or checkboxes in a fieldset; the first input carries the field id so the error
 * summary's link lands on it.
 */
export function Choices(p: { t: Translate; type: 'radio' | 'checkbox'; name: string; legend: string; options: { value: string; label: string }[]; checked: string[]; error?: string; hint?: string }) {
  const id = `f-${p.name}`;
  return (
    <fieldset aria-describedby={[p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean).join(' ') || undefined}>
      <legend>{p.legend}</legend>
      {p.hint && (
        <span class="hint" id={`${id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="error" id={`${id}-error`}>
          {p.t(p.error)}
        </span>
      )}
      {p.options.map((o, i) => (
        <label class="check" for={i === 0 ? id : `${id}-${i}`}>
          <input type={p.type} id={i === 0 ? id : `${id}-${i}`} name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Label–value pairs of a record's details. */
export function Facts(p: { items: [string, Child][] }) {
  return (
    <dl class="facts">
      {p.items.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

export function Notice(p: { children: Child }) {
  return (
    <p class="notice" role="status">
      {p.children}
    </p>
  );
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
