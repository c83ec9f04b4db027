import { ConfirmLowering } from './lower-check.js';
import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { PROGRAMME_KINDS, RESIDENCE_KINDS, RETENTION_ACTIONS, RETENTION_FROM, SENSITIVITIES, STEP_ROWS } from '../schemas-programme.js';
import { SelectField, TextAreaField } from './fields.js';
import { ConfirmOutOfScope, OutOfScopeSection, type ScopeCheck } from './scope-check.js';

/** What the form shows back: strings, and lists for the ticked boxes. */
export type ProgrammeFormValues = Record<string, string | string[]>;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('') : (v ?? ''));
const arr = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** A group of checkboxes with one legend and one error; the first box carries the id the error summary links to. */
function Checks(p: { t: Translate; name: string; legend: string; hint?: string; options: { value: string; label: string }[]; checked: string[]; error?: string }) {
  const describedBy = [p.hint && `f-${p.name}-hint`, p.error && `f-${p.name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset aria-describedby={describedBy}>
      <legend>{p.legend}</legend>
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
      {p.options.length === 0 && <p>—</p>}
      {p.options.map((o, i) => (
        <label class="check">
          <input type="checkbox" name={p.name} value={o.value} id={i === 0 ? `f-${p.name}` : undefined} checked={p.checked.includes(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export type ProgrammeFormProps = {
  c: Context<AppEnv>;
  /** Null when creating. */
  programmeId: string | null;
  kind: string | null;
  partners: { id: string; name: string }[];
  residences: { id: string; name: string }[];
  values: ProgrammeFormValues;
  errors: FieldErrors;
  /** An existing programme's open cases outside its scope (or outside the scope being saved). */
  scopeCheck?: ScopeCheck;
};

/** Creating or changing a programme: everything a programme is, as configuration. */
export function ProgrammeFormPage(p: ProgrammeFormProps) {
  const { c, values, errors } = p;
  const t = c.get('t');
  const title = p.programmeId ? t('support.programme.editTitle', { name: str(values.name) }) : t('support.programme.newTitle');
  const labels: Record<string, string> = {
    name: t('support.programme.nameField'),
    kind: t('support.programme.kind'),
    sensitivity: t('support.programme.sensitivity'),
    partnerIds: t('support.programme.partners'),
    residenceKinds: t('support.programme.residenceKinds'),
    residenceIds: t('support.programme.residences'),
    eligibility: t('support.programme.eligibility'),
    retentionMonths: t('support.programme.retentionMonths'),
    retentionFrom: t('support.programme.retentionFrom'),
    retentionAction: t('support.programme.retentionAction'),
    legalBasis: t('support.programme.legalBasis'),
    notice: t('support.programme.notice'),
    confirmOutOfScope: t('support.scope.confirmLabel'),
    confirmLowering: t('support.lower.confirmLabel'),
    form: title,
  };
  for (let i = 1; i <= STEP_ROWS; i++) {
    labels[`step${i}Label`] = t('support.programme.stepLabelN', { n: i });
    labels[`step${i}Days`] = t('support.programme.stepDaysN', { n: i });
  }
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {c.req.query('saved') && Object.keys(errors).length === 0 && (
        <p class="notice" role="status">
          {t('support.programme.saved')}
        </p>
      )}
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {p.scopeCheck && <OutOfScopeSection t={t} check={p.scopeCheck} />}
      <PostForm action={p.programmeId ? `/support/programmes/${p.programmeId}` : '/support/programmes'} csrf={c.get('csrf')}>
        <Field t={t} name="name" label={labels.name} value={str(values.name)} error={errors.name} />
        {p.programmeId ? (
          <p>
            {labels.kind} : <strong>{t(`support.kind.${p.kind}`)}</strong> <span class="hint">{t('support.programme.kindFixed')}</span>
            <input type="hidden" name="kind" value={p.kind ?? ''} />
          </p>
        ) : (
          <SelectField
            t={t}
            name="kind"
            label={labels.kind}
            hint={t('support.programme.kindHint')}
            value={str(values.kind)}
            error={errors.kind}
            placeholder={t('support.choose')}
            options={PROGRAMME_KINDS.map((k) => ({
              value: k,
              label: t(`support.kind.${k}`),
            }))}
          />
        )}
        <SelectField
          t={t}
          name="sensitivity"
          label={labels.sensitivity}
          hint={t('support.programme.sensitivityHint')}
          value={str(values.sensitivity)}
          error={errors.sensitivity}
          placeholder={t('support.choose')}
          options={SENSITIVITIES.map((k) => ({
            value: k,
            label: t(`support.sensitivity.${k}`),
          }))}
        />
        <ConfirmLowering t={t} error={errors.confirmLowering} programmeId={p.programmeId} />
        <Checks t={t} name="partnerIds" legend={labels.partnerIds} options={p.partners.map((o) => ({ value: o.id, label: o.name }))} checked={arr(values.partnerIds)} error={errors.partnerIds} />
        <Checks
          t={t}
          name="residenceKinds"
          legend={labels.residenceKinds}
          hint={t('support.programme.residenceHint')}
          options={RESIDENCE_KINDS.map((k) => ({
            value: k,
            label: t(`directory.kind.${k}`),
          }))}
          checked={arr(values.residenceKinds)}
          error={errors.residenceKinds}
        />
        <Checks
          t={t}
          name="residenceIds"
          legend={labels.residenceIds}
          options={p.residences.map((o) => ({ value: o.id, label: o.name }))}
          checked={arr(values.residenceIds)}
          error={errors.residenceIds}
        />
        <ConfirmOutOfScope t={t} error={errors.confirmOutOfScope} />
        <TextAreaField t={t} name="eligibility" label={labels.eligibility} hint={t('support.programme.eligibilityHint')} value={str(values.eligibility)} error={errors.eligibility} rows={4} />
        <fieldset>
          <legend>{t('support.programme.steps')}</legend>
          <span class="hint">{t('support.programme.stepsHint')}</span>
          {Array.from({ length: STEP_ROWS }, (_, k) => {
            const i = k + 1;
            return (
              <div class="step-row">
                <input type="hidden" name={`step${i}Key`} value={str(values[`step${i}Key`])} />
                <Field t={t} name={`step${i}Label`} label={labels[`step${i}Label`]} value={str(values[`step${i}Label`])} error={errors[`step${i}Label`]} />
                <Field t={t} name={`step${i}Days`} label={labels[`step${i}Days`]} value={str(values[`step${i}Days`])} error={errors[`step${i}Days`]} inputmode="numeric" />
              </div>
            );
          })}
        </fieldset>
        <fieldset>
          <legend>{t('support.programme.retention')}</legend>
          <Field
            t={t}
            name="retentionMonths"
            label={labels.retentionMonths}
            hint={t('support.programme.retentionHint')}
            value={str(values.retentionMonths)}
            error={errors.retentionMonths}
            inputmode="numeric"
          />
          <SelectField
            t={t}
            name="retentionFrom"
            label={labels.retentionFrom}
            value={str(values.retentionFrom)}
            error={errors.retentionFrom}
            options={RETENTION_FROM.map((k) => ({
              value: k,
              label: t(`support.retention.from.${k}`),
            }))}
          />
          <SelectField
            t={t}
            name="retentionAction"
            label={labels.retentionAction}
            value={str(values.retentionAction)}
            error={errors.retentionAction}
            options={RETENTION_ACTIONS.map((k) => ({
              value: k,
              label: t(`support.retention.action.${k}`),
            }))}
          />
        </fieldset>
        <TextAreaField t={t} name="legalBasis" label={labels.legalBasis} hint={t('support.programme.legalBasisHint')} value={str(values.legalBasis)} error={errors.legalBasis} rows={2} />
        <TextAreaField t={t} name="notice" label={labels.notice} hint={t('support.programme.noticeHint')} value={str(values.notice)} error={errors.notice} rows={4} />
        <button type="submit">{p.programmeId ? t('support.programme.save') : t('support.programme.create')}</button>
      </PostForm>
      <p>
        <a href="/support/programmes">{t('support.programme.back')}</a>
      </p>
    </Layout>
  );
}
