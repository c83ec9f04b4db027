import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { CheckGroup, ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { GroupCommitment } from '../commands/group-edit.js';

/** The lead landlord changes a group commitment after declaring it: its name, places and member landlords (no JavaScript). */
export function GroupEditPage(props: { c: Context<AppEnv>; group: GroupCommitment; landlords: { id: string; name: string }[]; errors: FieldErrors; values: Record<string, string> }) {
  const { c, group, errors, values } = props;
  const t = c.get('t');
  const labels = { gLabel: t('support.group.label'), gPlaces: t('support.group.places'), gMembers: t('support.group.members') };
  const members = values.gMembers !== undefined ? values.gMembers.split(',').filter(Boolean) : group.memberOrgIds;
  return (
    <Layout c={c} title={t('support.group.editTitle')}>
      <h1>{t('support.group.editTitle')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <p>{t('support.group.editIntro', { partner: group.partner, year: group.year, given: group.given })}</p>
      <PostForm action={`/support/group-commitments/${group.id}`} csrf={c.get('csrf')}>
        <Field t={t} name="gLabel" label={labels.gLabel} value={values.gLabel ?? group.label} error={errors.gLabel} />
        <Field t={t} name="gPlaces" label={labels.gPlaces} hint={t('support.group.placesHint')} inputmode="numeric" value={values.gPlaces ?? String(group.places)} error={errors.gPlaces} />
        <CheckGroup t={t} name="gMembers" legend={labels.gMembers} hint={t('support.group.membersHint')} error={errors.gMembers} values={members} options={props.landlords.map((l) => ({ value: l.id, label: l.name }))} />
        <button type="submit">{t('support.group.save')}</button>
      </PostForm>
      <p>
        <a href="/support/programmes">{t('support.group.title')}</a>
      </p>
    </Layout>
  );
}
