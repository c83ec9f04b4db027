import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';

export type MilestoneRow = { id: string; label: string; planned_on: string | null; done_on: string | null };

const day = (locale: Locale, iso: string) => formatters(locale).date(new Date(`${iso}T12:00:00Z`));

/**
 * The progress of an accepted proposal: each milestone with its planned day or the day it was done.
 * Managers mark one done (a date field per milestone) and add the next one.
 */
export function Milestones(props: {
  t: Translate;
  locale: Locale;
  csrf: string;
  proposalId: string;
  milestones: MilestoneRow[];
  canEdit: boolean;
  canAdd: boolean;
  errors: FieldErrors;
  values: Record<string, string>;
  today: string;
}) {
  const { t, errors, values } = props;
  if (props.milestones.length === 0 && !props.canAdd) return null;
  return (
    <section aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t('community.milestone.title')}</h2>
      {props.milestones.length === 0 ? (
        <p>{t('community.milestone.none')}</p>
      ) : (
        <ol>
          {props.milestones.map((m) => {
            const fieldId = `f-doneOn-${m.id}`;
            const error = errors[`doneOn-${m.id}`];
            return (
              <li>
                <strong>{m.label}</strong>
                {' — '}
                {m.done_on
                  ? t('community.milestone.doneOn', { date: day(props.locale, m.done_on) })
                  : m.planned_on
                    ? t('community.milestone.plannedOn', { date: day(props.locale, m.planned_on) })
                    : t('community.milestone.notPlanned')}
                {props.canEdit && !m.done_on && (
                  <PostForm action={`/community/manage/milestones/${m.id}/done`} csrf={props.csrf}>
                    <label for={fieldId}>{t('community.milestone.doneOnLabel', { label: m.label })}</label>
                    {error && (
                      <span class="error" id={`${fieldId}-error`}>
                        {t(error)}
                      </span>
                    )}
                    <input id={fieldId} name="doneOn" type="date" required value={props.today} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} />
                    <button type="submit">{t('community.milestone.markDone')}</button>
                  </PostForm>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {props.canAdd && (
        <PostForm action={`/community/manage/proposals/${props.proposalId}/milestones`} csrf={props.csrf}>
          <h3>{t('community.milestone.add')}</h3>
          <Field t={t} name="label" label={t('community.milestone.label')} hint={t('community.milestone.labelHint')} value={values.label} error={errors.label} required />
          <Field t={t} name="plannedOn" type="date" label={t('community.milestone.plannedOnLabel')} value={values.plannedOn} error={errors.plannedOn} />
          <button type="submit">{t('community.milestone.submit')}</button>
        </PostForm>
      )}
    </section>
  );
}
