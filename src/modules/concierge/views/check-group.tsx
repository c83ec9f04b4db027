import type { Translate } from '../../../platform/i18n/index.js';

/** Checkboxes in a fieldset whose legend names them; the group's error is tied to the fieldset. */
export function CheckGroup(p: { t: Translate; name: string; legend: string; options: { value: string; label: string }[]; values: string[]; error?: string; hint?: string }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={id} aria-describedby={describedBy}>
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
      <textarea id={id} name={p.name} rows={3} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.value}
      </textarea>
    </div>
  );
}
