import type { Translate } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { SUPPORT_DURATIONS, SUPPORT_OUTCOMES, SUPPORT_TOPICS } from '../support-schemas.js';
import { durationLabel } from './format.js';

export type SupportFormValues = { householdId: string; heldOn: string; minutes: string; topic: string; outcome: string };

/** The facilitator's form for one support session: minimal data, and it says so. Errors are catalogue keys. */
export function SupportForm(p: { t: Translate; csrf: string; action: string; households: { id: string; name: string; reference: string }[]; values: SupportFormValues; errors: Record<string, string> }) {
  const { t, values: v, errors: e } = p;
  const labels = { householdId: t('spaces.support.field.person'), heldOn: t('spaces.support.field.heldOn'), minutes: t('spaces.support.field.minutes'), topic: t('spaces.support.field.topic'), outcome: t('spaces.support.field.outcome') };
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <p class="notice">{t('spaces.support.privacy')}</p>
      <SelectField t={t} name="householdId" label={labels.householdId} value={v.householdId} options={[{ value: '', label: t('spaces.support.anonymous') }, ...p.households.map((h) => ({ value: h.id, label: `${h.name} (${h.reference})` }))]} error={e.householdId} />
      <Field t={t} name="heldOn" type="date" label={labels.heldOn} value={v.heldOn} error={e.heldOn} />
      <SelectField t={t} name="minutes" label={labels.minutes} value={v.minutes} options={SUPPORT_DURATIONS.map((m) => ({ value: String(m), label: durationLabel(t, m) }))} error={e.minutes} />
      <SelectField t={t} name="topic" label={labels.topic} value={v.topic} options={[{ value: '', label: t('spaces.support.chooseTopic') }, ...SUPPORT_TOPICS.map((k) => ({ value: k, label: t(`spaces.support.topic.${k}`) }))]} error={e.topic} />
      <SelectField t={t} name="outcome" label={labels.outcome} hint={t('spaces.support.outcomeHint')} value={v.outcome} options={[{ value: '', label: t('spaces.support.outcome.unknown') }, ...SUPPORT_OUTCOMES.map((k) => ({ value: k, label: t(`spaces.support.outcome.${k}`) }))]} error={e.outcome} />
      <button type="submit">{t('spaces.support.submit')}</button>
    </PostForm>
  );
}
