import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { ErrorSummary, PostForm } from '../../../platform/ui/form.js';
import type { Resource } from '../db/spaces-db.js';
import { formatTime } from '../domain/paris-time.js';
import type { Suggestion } from '../errors.js';
import { PURPOSES } from '../schemas.js';
import { dayLabel, durationLabel } from './format.js';
import { SelectField } from './select-field.js';

export type BookingFormValues = { resourceId: string; date: string; start: string; minutes: string; purpose: string; householdId?: string; idempotencyKey: string; weeks?: string; acceptRules?: string };

export type BookingFormProps = {
  t: Translate;
  locale: Locale;
  csrf: string;
  action: string;
  resources: Resource[];
  starts: number[];
  durations: number[];
  values: BookingFormValues;
  /** Field → text already translated. */
  errors: Record<string, string>;
  suggestions: Suggestion[];
  suggestionHref: (s: Suggestion) => string;
  households?: { id: string; name: string; reference: string }[];
  /** Offer to repeat the booking every week (a series). */
  repeat?: boolean;
  /** The space has house rules: the person ticks that they accept them. */
  houseRules?: boolean;
  /** The box's text when it is not the person ticking it (staff at the counter). */
  houseRulesLabel?: string;
  submitLabel: string;
};

const REPEAT_WEEKS = [2, 3, 4, 6, 8, 10, 12];

/** The booking form: resource, start, duration, purpose (never mandatory); a conflict shows the next free slots. */
export function BookingForm(p: BookingFormProps) {
  const { t, values: v, errors } = p;
  const labels = { resourceId: t('spaces.form.resource'), start: t('spaces.form.start'), minutes: t('spaces.form.minutes'), date: t('spaces.form.date'), purpose: t('spaces.form.purpose'), householdId: t('spaces.form.household'), form: t('spaces.form.booking'), weeks: t('spaces.form.repeat'), acceptRules: t('spaces.houseRules.title') };
  return (
    <>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {p.suggestions.length > 0 && (
        <section aria-labelledby="suggestions-title">
          <h2 id="suggestions-title">{t('spaces.suggestions.title')}</h2>
          <ul>
            {p.suggestions.map((s) => (
              <li>
                <a href={p.suggestionHref(s)}>{t('spaces.suggestions.item', { day: dayLabel(s.date, p.locale), time: s.start, resource: s.resourceName })}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <PostForm action={p.action} csrf={p.csrf}>
        <input type="hidden" name="idempotencyKey" value={v.idempotencyKey} />
        <input type="hidden" name="date" value={v.date} />
        <p>
          <strong>{t('spaces.form.date')} :</strong> {dayLabel(v.date, p.locale, { year: true })}
        </p>
        {errors.date && (
          <p class="error" id="f-date">
            {errors.date}
          </p>
        )}
        {p.households && (
          <SelectField
            t={t}
            name="householdId"
            label={labels.householdId}
            value={v.householdId}
            error={errors.householdId}
            options={[{ value: '', label: t('spaces.form.chooseHousehold') }, ...p.households.map((h) => ({ value: h.id, label: `${h.name} (${h.reference})` }))]}
          />
        )}
        {p.resources.length > 1 ? (
          <SelectField t={t} name="resourceId" label={labels.resourceId} value={v.resourceId} error={errors.resourceId} options={p.resources.map((r) => ({ value: r.id, label: r.name }))} />
        ) : (
          <input type="hidden" name="resourceId" value={p.resources[0]?.id ?? v.resourceId} />
        )}
        <SelectField t={t} name="start" label={labels.start} value={v.start} error={errors.start} options={p.starts.map((m) => ({ value: formatTime(m), label: formatTime(m) }))} />
        <SelectField t={t} name="minutes" label={labels.minutes} value={v.minutes} error={errors.minutes} options={p.durations.map((m) => ({ value: String(m), label: durationLabel(t, m) }))} />
        <SelectField
          t={t}
          name="purpose"
          label={labels.purpose}
          hint={t('spaces.form.purposeHint')}
          value={v.purpose}
          error={errors.purpose}
          options={[{ value: '', label: t('spaces.purpose.unspecified') }, ...PURPOSES.map((x) => ({ value: x, label: t(`spaces.purpose.${x}`) }))]}
        />
        {p.repeat && (
          <SelectField
            t={t}
            name="weeks"
            label={labels.weeks}
            hint={t('spaces.form.repeatHint')}
            value={v.weeks ?? '1'}
            error={errors.weeks}
            options={[{ value: '1', label: t('spaces.form.repeatOnce') }, ...REPEAT_WEEKS.map((w) => ({ value: String(w), label: t('spaces.form.repeatWeeks', { count: w }) }))]}
          />
        )}
        {p.houseRules && (
          <fieldset id="f-acceptRules" aria-describedby={['f-acceptRules-hint', errors.acceptRules && 'f-acceptRules-error'].filter(Boolean).join(' ')}>
            <legend>{t('spaces.houseRules.title')}</legend>
            <span class="hint" id="f-acceptRules-hint">
              {t('spaces.houseRules.acceptHint')}
            </span>
            {errors.acceptRules && (
              <span class="error" id="f-acceptRules-error">
                {errors.acceptRules}
              </span>
            )}
            <label class="check">
              <input type="checkbox" name="acceptRules" value="on" checked={v.acceptRules === 'on'} />
              <span>{p.houseRulesLabel ?? t('spaces.houseRules.accept')}</span>
            </label>
          </fieldset>
        )}
        <button type="submit">{p.submitLabel}</button>
      </PostForm>
    </>
  );
}
