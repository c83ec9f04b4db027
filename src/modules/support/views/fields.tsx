import type { Translate } from '../../../platform/i18n/index.js';

const describedBy = (name: string, hint?: string, error?: string) => [hint && `f-${name}-hint`, error && `f-${name}-error`].filter(Boolean).join(' ') || undefined;

function Label(p: { t: Translate; name: string; label: string; hint?: string; error?: string }) {
  return (
    <>
      <label for={`f-${p.name}`}>{p.label}</label>
      {p.hint && (
        <span class="hint" id={`f-${p.name}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="error" id={`f-${p.name}-error`}>
          {p.t(p.error)}
        </span>
      )}
    </>
  );
}

/** A labelled list of choices whose hint and error are tied to it. */
export function SelectField(p: { t: Translate; name: string; label: string; options: { value: string; label: string }[]; value?: string; hint?: string; error?: string; placeholder?: string }) {
  return (
    <div>
      <Label {...p} />
      <select id={`f-${p.name}`} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p.name, p.hint, p.error)}>
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option value={o.value} selected={p.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled multi-line text whose hint and error are tied to it. */
export function TextAreaField(p: { t: Translate; name: string; label: string; value?: string; hint?: string; error?: string; rows?: number }) {
  return (
    <div>
      <Label {...p} />
      <textarea id={`f-${p.name}`} name={p.name} rows={p.rows ?? 4} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p.name, p.hint, p.error)}>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}
