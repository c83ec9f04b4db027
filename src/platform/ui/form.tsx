import type { Child } from 'hono/jsx';
import type { Translate } from '../i18n/index.js';

/** Field errors keyed by field name, as catalogue keys. */
export type FieldErrors = Record<string, string>;

/** The summary at the top of a form: each error links to its field, and it takes focus via its heading. */
export function ErrorSummary(props: { t: Translate; errors: FieldErrors; labels: Record<string, string> }) {
  const names = Object.keys(props.errors);
  if (names.length === 0) return null;
  return (
    <div class="summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.t('form.errorSummary', { count: names.length })}</h2>
      <ul>
        {names.map((n) => (
          <li>
            <a href={`#f-${n}`}>{`${props.labels[n] ?? n} : ${props.t(props.errors[n])}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  t: Translate;
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'email' | 'tel' | 'text';
};

/** A labelled input whose hint and error are tied to it by aria-describedby. */
export function Field(p: FieldProps) {
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
          {p.t(p.error)}
        </span>
      )}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value}
        autocomplete={p.autocomplete}
        required={p.required}
        inputmode={p.inputmode}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** A labelled select whose hint and error (a catalogue key) are tied to it, like Field. */
export function SelectField(p: { t: Translate; name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string; hint?: string }) {
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
          {p.t(p.error)}
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

/** A POST form carrying the CSRF token. */
export function PostForm(props: { action: string; csrf: string; children: Child; enctype?: 'multipart/form-data' }) {
  return (
    <form method="post" action={props.action} enctype={props.enctype} novalidate>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/** Turns zod issues into field → catalogue key (the first problem of each field). */
export function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const name = String(i.path[0] ?? 'form');
    if (!out[name]) out[name] = i.message.includes('.') ? i.message : 'form.invalid';
  }
  return out;
}
