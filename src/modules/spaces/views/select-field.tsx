import type { Translate } from '../../../platform/i18n/index.js';

type Option = { value: string; label: string };

/** A labelled select whose hint and error are tied to it, like the platform's Field. */
export function SelectField(p: { t: Translate; name: string; label: string; options: Option[]; value?: string; hint?: string; error?: string }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{p.label}</label>
      {p.hint && (
        <span class="hint" id={`${id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="error" id={`${id}-error`}>
          {p.error}
        </span>
      )}
      <select id={id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
