import type { Translate } from '../../../platform/i18n/index.js';
import { CheckBox, ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { RESOURCE_KINDS, RESOURCE_RULE_FIELDS } from '../config-schemas.js';
import type { SpaceRules } from '../domain/rules.js';
import { HoursTable } from './hours-table.js';

export type ResourceFormValues = Record<string, string>;

/** The space's value of a rule, shown as the hint of the resource's empty field. */
function spaceValue(t: Translate, rules: SpaceRules, approval: boolean, f: string): string {
  const r = rules as Record<string, unknown>;
  if (f === 'weeklyQuotaHours') return rules.weeklyQuotaMinutes === null ? t('spaces.config.own.noQuota') : String(Math.ceil(rules.weeklyQuotaMinutes / 60));
  if (f === 'monthlyQuotaHours') return rules.monthlyQuotaMinutes === null ? t('spaces.config.own.noQuota') : String(Math.ceil(rules.monthlyQuotaMinutes / 60));
  if (f === 'weeklyQuotaBookings' || f === 'monthlyQuotaBookings') return rules[f] === null ? t('spaces.config.own.noQuota') : String(rules[f]);
  if (f === 'holidaysClosed') return t(rules.holidaysClosed ? 'spaces.config.own.yes' : 'spaces.config.own.no');
  if (f === 'approvalRequired') return t(approval ? 'spaces.config.own.yes' : 'spaces.config.own.no');
  return String(r[f] ?? '');
}

/**
 * A resource's form: seats (how many), a whole room (for how many people), or one item — and the rules
 * it sets for itself (each empty field keeps the space's, shown in its hint), its own opening hours
 * when ticked. Errors are catalogue keys.
 */
export function ResourceForm(p: { t: Translate; csrf: string; action: string; values: ResourceFormValues; errors: Record<string, string>; submitLabel: string; retired?: boolean; spaceRules: SpaceRules; spaceApproval: boolean; badDays: number[] }) {
  const { t, values: v, errors: e } = p;
  const labels: Record<string, string> = { kind: t('spaces.config.resource.kind'), name: t('spaces.config.resource.name'), units: t('spaces.config.resource.units'), peopleCapacity: t('spaces.config.resource.peopleCapacity'), hours: t('spaces.config.hours.legend') };
  for (const f of RESOURCE_RULE_FIELDS) labels[f] = t(`spaces.config.field.${f}`);
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <SelectField t={t} name="kind" label={labels.kind} value={v.kind} options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`spaces.resourceKind.${k}`) }))} error={e.kind} />
      <Field t={t} name="name" label={labels.name} value={v.name} error={e.name} />
      <Field t={t} name="units" label={labels.units} hint={t('spaces.config.resource.unitsHint')} inputmode="numeric" value={v.units} error={e.units} />
      <Field t={t} name="peopleCapacity" label={labels.peopleCapacity} hint={t('spaces.config.resource.peopleCapacityHint')} inputmode="numeric" value={v.peopleCapacity} error={e.peopleCapacity} />
      {p.retired && <CheckBox name="active" label={t('spaces.config.resource.reactivate')} checked={v.active === 'on'} />}
      <fieldset>
        <legend>{t('spaces.config.own.legend')}</legend>
        <p class="hint">{t('spaces.config.own.intro')}</p>
        {RESOURCE_RULE_FIELDS.map((f) => (
          <Field t={t} name={f} label={t(`spaces.config.field.${f}`)} hint={t('spaces.config.own.spaceHas', { value: spaceValue(t, p.spaceRules, p.spaceApproval, f) })} inputmode="numeric" value={v[f] ?? ''} error={e[f]} />
        ))}
        {(['holidaysClosed', 'approvalRequired'] as const).map((f) => (
          <SelectField
            t={t}
            name={f}
            label={t(`spaces.config.own.${f}`)}
            value={v[f] ?? ''}
            options={[
              { value: '', label: t('spaces.config.own.asSpace', { value: spaceValue(t, p.spaceRules, p.spaceApproval, f) }) },
              { value: 'yes', label: t('spaces.config.own.yes') },
              { value: 'no', label: t('spaces.config.own.no') },
            ]}
            error={e[f]}
          />
        ))}
        <CheckBox name="ownHours" label={t('spaces.config.own.ownHours')} checked={v.ownHours === 'on'} />
        <p class="hint">{t('spaces.config.own.ownHoursHint')}</p>
        {e.hours && (
          <p class="error" id="f-ownHours-error">
            {t(e.hours)}
          </p>
        )}
        <HoursTable t={t} values={v} bad={p.badDays} />
      </fieldset>
      <button type="submit">{p.submitLabel}</button>
    </PostForm>
  );
}

/** Retiring a resource; with bookings ahead, the manager must tick that they are cancelled (and the households told). */
export function RetireForm(p: { t: Translate; csrf: string; action: string; ahead: number; error?: string }) {
  const { t } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      {p.error && (
        <p class="error" id="f-cancelBookings-error" role="alert">
          {p.error}
        </p>
      )}
      {p.ahead > 0 ? (
        <>
          <p>{t('spaces.config.retire.ahead', { count: p.ahead })}</p>
          <CheckBox name="cancelBookings" label={t('spaces.config.retire.cancelThem', { count: p.ahead })} checked={false} />
        </>
      ) : (
        <p>{t('spaces.config.retire.none')}</p>
      )}
      <button type="submit">{t('spaces.config.retire.submit')}</button>
    </PostForm>
  );
}
