import { ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { AUDIENCES } from '../domain/audience.js';
import type { Plan, Provider } from '../queries/offer.js';
import type { FormValues } from '../queries/offer-admin.js';
import type { Ctx } from '../routes/helpers.js';
import { UNITS, VAT_RATES } from '../schemas-offer.js';
import { CheckBox, CheckGroup, TextArea } from '../../../platform/ui/form.js';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** Adding or changing a service: plain words in both languages, unit, cost price and VAT, delays, days, usual provider. */
export function ServiceForm(props: {
  c: Ctx;
  action: string;
  values: FormValues;
  errors: Record<string, string>;
  providers: Provider[];
  plans: Plan[];
  residences: { id: string; name: string }[];
}) {
  const { c, values: v, errors: e } = props;
  const t = c.get('t');
  const labels: Record<string, string> = {
    code: t('concierge.manage.service.code'),
    nameFr: t('concierge.manage.service.nameFr'),
    nameEn: t('concierge.manage.service.nameEn'),
    descriptionFr: t('concierge.manage.service.descriptionFr'),
    descriptionEn: t('concierge.manage.service.descriptionEn'),
    unit: t('concierge.manage.service.unit'),
    unitCost: t('concierge.manage.service.unitCost'),
    vatRate: t('concierge.manage.service.vatRate'),
    leadTimeHours: t('concierge.manage.service.leadTime'),
    targetHours: t('concierge.manage.service.target'),
    weekdays: t('concierge.manage.service.weekdays'),
    providerId: t('concierge.manage.service.provider'),
    audience: t('concierge.audience.label'),
    planIds: t('concierge.audience.plans'),
    residenceIds: t('concierge.audience.residences'),
  };
  const en = c.get('locale') === 'en';
  return (
    <>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <PostForm action={props.action} csrf={c.get('csrf')}>
        <Field t={t} name="code" label={labels.code} hint={t('concierge.manage.service.codeHint')} value={one(v.code)} error={e.code} autocomplete="off" />
        <Field t={t} name="nameFr" label={labels.nameFr} value={one(v.nameFr)} error={e.nameFr} />
        <Field t={t} name="nameEn" label={labels.nameEn} value={one(v.nameEn)} error={e.nameEn} />
        <TextArea t={t} name="descriptionFr" label={labels.descriptionFr} hint={t('concierge.manage.service.descriptionHint')} value={one(v.descriptionFr)} error={e.descriptionFr} />
        <TextArea t={t} name="descriptionEn" label={labels.descriptionEn} value={one(v.descriptionEn)} error={e.descriptionEn} />
        <SelectField t={t} name="unit" label={labels.unit} value={one(v.unit) || 'hour'} error={e.unit} options={UNITS.map((u) => ({ value: u, label: t(`concierge.unit.${u}`) }))} />
        <Field t={t} name="unitCost" label={labels.unitCost} hint={t('concierge.manage.service.unitCostHint')} value={one(v.unitCost)} error={e.unitCost} inputmode="text" autocomplete="off" />
        <SelectField
          t={t}
          name="vatRate"
          label={labels.vatRate}
          value={one(v.vatRate) || '2000'}
          error={e.vatRate}
          options={VAT_RATES.map((r) => ({ value: String(r), label: t('concierge.manage.service.vat', { rate: r / 100 }) }))}
        />
        <Field t={t} name="leadTimeHours" label={labels.leadTimeHours} hint={t('concierge.manage.service.hoursHint')} value={one(v.leadTimeHours) || '48'} error={e.leadTimeHours} inputmode="numeric" />
        <Field t={t} name="targetHours" label={labels.targetHours} hint={t('concierge.manage.service.targetHint')} value={one(v.targetHours) || '72'} error={e.targetHours} inputmode="numeric" />
        <CheckGroup
          t={t}
          name="weekdays"
          legend={labels.weekdays}
          values={v.weekdays === undefined ? ['1', '2', '3', '4', '5'] : list(v.weekdays)}
          error={e.weekdays}
          options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t(`concierge.weekday.${d}`) }))}
        />
        <SelectField
          t={t}
          name="providerId"
          label={labels.providerId}
          value={one(v.providerId)}
          error={e.providerId}
          options={[{ value: '', label: t('concierge.manage.service.noProvider') }, ...props.providers.filter((p) => p.active || p.id === one(v.providerId)).map((p) => ({ value: p.id, label: p.name }))]}
        />
        <SelectField
          t={t}
          name="audience"
          label={labels.audience}
          hint={t('concierge.audience.hint')}
          value={one(v.audience) || 'subscribers'}
          error={e.audience}
          options={AUDIENCES.map((a) => ({ value: a, label: t(`concierge.audience.${a}`) }))}
        />
        <CheckGroup t={t} name="planIds" legend={labels.planIds} hint={t('concierge.audience.plansHint')} values={list(v.planIds)} error={e.planIds} options={props.plans.map((p) => ({ value: p.id, label: en ? p.name_en : p.name_fr }))} />
        <CheckGroup
          t={t}
          name="residenceIds"
          legend={labels.residenceIds}
          hint={t('concierge.audience.residencesHint')}
          values={list(v.residenceIds)}
          error={e.residenceIds}
          options={props.residences.map((r) => ({ value: r.id, label: r.name }))}
        />
        <CheckBox name="active" label={t('concierge.manage.service.active')} checked={v.active === undefined || one(v.active) === 'on'} />
        <button type="submit">{t('concierge.manage.save')}</button>
      </PostForm>
    </>
  );
}
