import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { CasePerson } from '../commands/case-person.js';
import type { CaseDetail } from '../queries/read-case.js';
import { SelectField } from './fields.js';

/** On a case: the person it is about, or the household as a whole (decides what each member's data export shows). */
export function CasePersonSection(props: { c: Context<AppEnv>; d: CaseDetail; person: CasePerson; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, person, errors } = props;
  const t = c.get('t');
  const value = props.values.personUserId ?? person.current ?? '';
  return (
    <section aria-labelledby="person-title">
      <h2 id="person-title">{t('support.person.title')}</h2>
      <p>{t('support.person.intro')}</p>
      <PostForm action={`/support/cases/${d.row.id}/person`} csrf={c.get('csrf')}>
        <SelectField
          t={t}
          name="personUserId"
          label={t('support.person.label')}
          value={value}
          error={errors.personUserId}
          options={[{ value: '', label: t('support.person.household') }, ...person.options.map((o) => ({ value: o.user_id, label: o.display_name }))]}
        />
        <button type="submit">{t('support.person.save')}</button>
      </PostForm>
    </section>
  );
}
