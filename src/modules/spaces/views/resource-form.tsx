import type { Translate } from '../../../platform/i18n/index.js';
import { CheckBox, ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { RESOURCE_KINDS } from '../config-schemas.js';

export type ResourceFormValues = { kind: string; name: string; units: string; peopleCapacity: string; active?: string };

/** A resource's form: seats (how many), a whole room (for how many people), or one item. Errors are catalogue keys. */
export function ResourceForm(p: { t: Translate; csrf: string; action: string; values: ResourceFormValues; errors: Record<string, string>; submitLabel: string; retired?: boolean }) {
  const { t, values: v, errors: e } = p;
  const labels = { kind: t('spaces.config.resource.kind'), name: t('spaces.config.resource.name'), units: t('spaces.config.resource.units'), peopleCapacity: t('spaces.config.resource.peopleCapacity') };
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <SelectField t={t} name="kind" label={labels.kind} value={v.kind} options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`spaces.resourceKind.${k}`) }))} error={e.kind} />
      <Field t={t} name="name" label={labels.name} value={v.name} error={e.name} />
      <Field t={t} name="units" label={labels.units} hint={t('spaces.config.resource.unitsHint')} inputmode="numeric" value={v.units} error={e.units} />
      <Field t={t} name="peopleCapacity" label={labels.peopleCapacity} hint={t('spaces.config.resource.peopleCapacityHint')} inputmode="numeric" value={v.peopleCapacity} error={e.peopleCapacity} />
      {p.retired && <CheckBox name="active" label={t('spaces.config.resource.reactivate')} checked={v.active === 'on'} />}
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
