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

/** The ids a control's hint and error take, for its aria-describedby. */
function describedBy(id: string, p: { hint?: string; error?: string }): string | undefined {
  return [p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

/** A control's hint and error (a catalogue key), placed and named as every field of Palier has them. */
function FieldNotes(p: { t: Translate; id: string; hint?: string; error?: string }) {
  return (
    <>
      {p.hint && (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="error" id={`${p.id}-error`}>
          {p.t(p.error)}
        </span>
      )}
    </>
  );
}

/** A labelled input whose hint and error are tied to it by aria-describedby. */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  return (
    <div>
      <label for={id}>{p.label}</label>
      <FieldNotes t={p.t} id={id} hint={p.hint} error={p.error} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value}
        autocomplete={p.autocomplete}
        required={p.required}
        inputmode={p.inputmode}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p)}
      />
    </div>
  );
}

/** A labelled select whose hint and error (a catalogue key) are tied to it, like Field. */
export function SelectField(p: { t: Translate; name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string; hint?: string }) {
  const id = `f-${p.name}`;
  return (
    <div>
      <label for={id}>{p.label}</label>
      <FieldNotes t={p.t} id={id} hint={p.hint} error={p.error} />
      <select id={id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p)}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes in a fieldset whose legend names them; the group's error is tied to the fieldset. */
export function CheckGroup(p: { t: Translate; name: string; legend: string; options: { value: string; label: string }[]; values: string[]; error?: string; hint?: string }) {
  const id = `f-${p.name}`;
  return (
    <fieldset id={id} aria-describedby={describedBy(id, p)}>
      <legend>{p.legend}</legend>
      <FieldNotes t={p.t} id={id} hint={p.hint} error={p.error} />
      {p.options.map((o) => (
        <label class="check">
          <input type="checkbox" name={p.name} value={o.value} checked={p.values.includes(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** One checkbox with its label (an on/off setting such as "active"). */
export function CheckBox(p: { name: string; label: string; checked: boolean }) {
  return (
    <div>
      <label class="check">
        <input id={`f-${p.name}`} type="checkbox" name={p.name} checked={p.checked} />
        <span>{p.label}</span>
      </label>
    </div>
  );
}

/** A multi-line text field with its hint and error tied to it, like Field. */
export function TextArea(p: { t: Translate; name: string; label: string; value: string; error?: string; hint?: string }) {
  const id = `f-${p.name}`;
  return (
    <div>
      <label for={id}>{p.label}</label>
      <FieldNotes t={p.t} id={id} hint={p.hint} error={p.error} />
      <textarea id={id} name={p.name} rows={3} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p)}>
        {p.value}
      </textarea>
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
