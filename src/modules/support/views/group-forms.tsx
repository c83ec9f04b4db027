import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { CheckGroup, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { GroupFormOptions } from '../commands/group-quotas.js';
import { parisToday } from '../domain/local-date.js';
import { SelectField } from './fields.js';

/** The field labels of the commitment forms, for the page's error summary. */
export function groupFormLabels(t: (k: string) => string): Record<string, string> {
  return {
    qPartner: t('support.quota.partner'),
    qLabel: t('support.quota.label'),
    qYear: t('support.quota.year'),
    qPlaces: t('support.quota.places'),
    gPartner: t('support.quota.partner'),
    gLabel: t('support.group.label'),
    gYear: t('support.quota.year'),
    gPlaces: t('support.group.places'),
    gMembers: t('support.group.members'),
    jQuota: t('support.group.quota'),
    jGroup: t('support.group.group'),
  };
}

/**
 * The programme manager's commitment forms (no JavaScript): a partner's yearly commitment, a commitment
 * shared by the landlords of a group (declared by the lead, naming the members), and attaching one of
 * the landlord's own commitments to a group it is named in.
 */
export function GroupForms(props: { c: Context<AppEnv>; o: GroupFormOptions; errors: FieldErrors; values: Record<string, string> }) {
  const { c, o, errors, values } = props;
  const t = c.get('t');
  const csrf = c.get('csrf');
  const labels = groupFormLabels(t);
  const year = parisToday().slice(0, 4);
  const partners = o.partners.map((p) => ({ value: p.id, label: p.name }));
  return (
    <section aria-labelledby="commitments-title">
      <h2 id="commitments-title">{t('support.group.title')}</h2>
      {o.groups.some((g) => g.lead) && (
        <>
          <h3>{t('support.group.ledTitle')}</h3>
          <ul>
            {o.groups
              .filter((g) => g.lead)
              .map((g) => (
                <li>
                  <a href={`/support/group-commitments/${g.id}/edit`}>{t('support.group.edit', { label: g.label, year: g.year })}</a>
                </li>
              ))}
          </ul>
        </>
      )}
      <PostForm action="/support/quotas" csrf={csrf}>
        <h3>{t('support.quota.new')}</h3>
        <SelectField t={t} name="qPartner" label={labels.qPartner} value={values.qPartner} error={errors.qPartner} placeholder={t('support.choose')} options={partners} />
        <Field t={t} name="qLabel" label={labels.qLabel} hint={t('support.quota.labelHint')} value={values.qLabel} error={errors.qLabel} />
        <Field t={t} name="qYear" label={labels.qYear} inputmode="numeric" value={values.qYear ?? year} error={errors.qYear} />
        <Field t={t} name="qPlaces" label={labels.qPlaces} inputmode="numeric" value={values.qPlaces} error={errors.qPlaces} />
        <button type="submit">{t('support.quota.create')}</button>
      </PostForm>
      <PostForm action="/support/group-commitments" csrf={csrf}>
        <h3>{t('support.group.new')}</h3>
        <p class="hint">{t('support.group.intro')}</p>
        <SelectField t={t} name="gPartner" label={labels.gPartner} value={values.gPartner} error={errors.gPartner} placeholder={t('support.choose')} options={partners} />
        <Field t={t} name="gLabel" label={labels.gLabel} value={values.gLabel} error={errors.gLabel} />
        <Field t={t} name="gYear" label={labels.gYear} inputmode="numeric" value={values.gYear ?? year} error={errors.gYear} />
        <Field t={t} name="gPlaces" label={labels.gPlaces} hint={t('support.group.placesHint')} inputmode="numeric" value={values.gPlaces} error={errors.gPlaces} />
        <CheckGroup
          t={t}
          name="gMembers"
          legend={labels.gMembers}
          hint={t('support.group.membersHint')}
          error={errors.gMembers}
          values={(values.gMembers ?? '').split(',').filter(Boolean)}
          options={o.landlords.map((l) => ({ value: l.id, label: l.name }))}
        />
        <button type="submit">{t('support.group.create')}</button>
      </PostForm>
      {o.groups.length > 0 && (
        <PostForm action="/support/quotas/group" csrf={csrf}>
          <h3>{t('support.group.join')}</h3>
          <SelectField
            t={t}
            name="jQuota"
            label={labels.jQuota}
            value={values.jQuota}
            error={errors.jQuota}
            placeholder={t('support.choose')}
            options={o.freeQuotas.map((q) => ({ value: q.id, label: `${q.partner} — ${q.label} (${q.year})` }))}
          />
          <SelectField
            t={t}
            name="jGroup"
            label={labels.jGroup}
            value={values.jGroup}
            error={errors.jGroup}
            placeholder={t('support.choose')}
            options={o.groups.map((g) => ({ value: g.id, label: `${g.partner} — ${g.label} (${g.year})${g.lead ? ` — ${t('support.group.lead')}` : ''}` }))}
          />
          <button type="submit">{t('support.group.joinButton')}</button>
        </PostForm>
      )}
    </section>
  );
}
