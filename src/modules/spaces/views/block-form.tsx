import type { Translate } from '../../../platform/i18n/index.js';
import { Field, PostForm } from '../../../platform/ui/form.js';
import type { Resource } from '../db/spaces-db.js';
import { SelectField } from './select-field.js';

export type BlockValues = { resourceId: string; from: string; to: string; reason: string };

/** Block a time of the day (maintenance, an event, a permanence): the whole space or one resource. */
export function BlockForm(p: { t: Translate; csrf: string; action: string; date: string; resources: Resource[]; values: BlockValues; errors: Record<string, string> }) {
  const { t, values: v, errors } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      <input type="hidden" name="date" value={p.date} />
      <SelectField t={t} name="resourceId" label={t('spaces.block.resource')} value={v.resourceId} error={errors.resourceId} options={[{ value: '', label: t('spaces.block.wholeSpace') }, ...p.resources.map((r) => ({ value: r.id, label: r.name }))]} />
      <Field t={t} name="from" type="time" label={t('spaces.block.from')} value={v.from} error={errors.from} />
      <Field t={t} name="to" type="time" label={t('spaces.block.to')} value={v.to} error={errors.to} />
      <Field t={t} name="reason" label={t('spaces.block.reason')} hint={t('spaces.block.reasonHint')} value={v.reason} error={errors.reason} />
      <button type="submit">{t('spaces.block.submit')}</button>
    </PostForm>
  );
}
