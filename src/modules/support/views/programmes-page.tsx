import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { Allocation, QuotaOverview } from '../commands/quotas.js';
import { AllocationsSection } from './allocations.js';
import { offersTeam } from '../commands/team.js';
import type { ProgrammeOverview } from '../queries/overview.js';
import { SelectField } from './fields.js';
import { EligibilityCounts } from './eligibility-counts.js';
import type { GroupFormOptions } from '../commands/group-quotas.js';
import { GroupForms, groupFormLabels } from './group-forms.js';
import type { Proposal } from '../commands/proposals.js';
import { ProposalsSection } from './proposals.js';

/** The programme manager's overview: programmes, the fund, the next commissions, partner commitments. */
export function ProgrammesPage(props: { c: Context<AppEnv>; programmes: ProgrammeOverview[]; quotas: QuotaOverview[]; groupOptions: GroupFormOptions; proposals: Proposal[]; allocations: Allocation[]; errors?: FieldErrors; values?: Record<string, string> }) {
  const { c } = props;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const labels: Record<string, string> = { amount: t('support.fund.amount'), label: t('support.fund.label'), quotaId: t('support.quota.commitment'), applicantRef: t('support.quota.applicant'), form: t('support.programmes.title'), dwellingRef: t('support.allocation.dwellingRef'), ...groupFormLabels(t) };
  // The dwelling fields repeated on each proposal and each allocation: their errors are keyed by row.
  for (const p of props.proposals) labels[`dw-${p.id}`] = t('support.allocation.dwellingOptional', { ref: p.applicant_ref });
  for (const a of props.allocations) labels[`dw-${a.id}`] = t('support.allocation.dwelling');
  const behind = props.quotas.filter((q) => q.progress.behind);
  return (
    <Layout c={c} title={t('support.programmes.title')}>
      <h1>{t('support.programmes.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <p>
        <a class="button" href="/support/programmes/new">
          {t('support.programme.newTitle')}
        </a>
      </p>
      <TableWrap label={t('support.programmes.title')}>
        <table>
          <caption>{t('support.programmes.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('support.programme.name')}</th>
              <th scope="col">{t('support.programme.kind')}</th>
              <th scope="col">{t('support.programme.sensitivity')}</th>
              <th scope="col">{t('support.programme.partner')}</th>
              <th scope="col">{t('support.programme.openCases')}</th>
            </tr>
          </thead>
          <tbody>
            {props.programmes.map((p) => (
              <tr>
                <td>
                  {p.mine ? <a href={`/support/programmes/${p.id}/edit`}>{p.name}</a> : p.name}
                  {p.mine && offersTeam(p.sensitivity) && (
                    <>
                      {' — '}
                      <a href={`/support/programmes/${p.id}/team`}>{t('support.team.link', { name: p.name })}</a>
                    </>
                  )}
                </td>
                <td>{t(`support.kind.${p.kind}`)}</td>
                <td>{t(`support.sensitivity.${p.sensitivity}`)}</td>
                <td>{p.partner_name ?? '—'}</td>
                <td>{f.number(p.open_cases)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <EligibilityCounts t={t} f={f} programmes={props.programmes} />
      {props.programmes
        .filter((p) => p.fund)
        .map((p) => (
          <section aria-labelledby={`fund-${p.id}`}>
            <h2 id={`fund-${p.id}`}>{p.fund?.name}</h2>
            <dl>
              <dt>{t('support.fund.credits')}</dt>
              <dd>{f.money(p.fund?.credits ?? 0)}</dd>
              <dt>{t('support.fund.commitments')}</dt>
              <dd>{f.money(p.fund?.commitments ?? 0)}</dd>
              <dt>{t('support.fund.releases')}</dt>
              <dd>{f.money(p.fund?.releases ?? 0)}</dd>
              <dt>{t('support.fund.payments')}</dt>
              <dd>{f.money(p.fund?.payments ?? 0)}</dd>
              <dt>{t('support.fund.available')}</dt>
              <dd>
                <strong>{f.money(p.fund?.available ?? 0)}</strong>
              </dd>
            </dl>
            <PostForm action={`/support/programmes/${p.id}/credits`} csrf={csrf}>
              <h3>{t('support.fund.addCredit')}</h3>
              <Field t={t} name="amount" label={labels.amount} value={values.amount} error={errors.amount} inputmode="numeric" />
              <Field t={t} name="label" label={labels.label} hint={t('support.fund.labelHint')} value={values.label} error={errors.label} />
              <SelectField t={t} name="contributor" label={t('support.fund.contributor')} value={values.contributor} error={errors.contributor} options={['landlord', 'partner'].map((v) => ({ value: v, label: t(`support.fund.contributor.${v}`) }))} />
              <button type="submit">{t('support.fund.addCreditButton')}</button>
            </PostForm>
            <PostForm action={`/support/programmes/${p.id}/sessions`} csrf={csrf}>
              <button type="submit">{t('support.sessions.generate')}</button>
            </PostForm>
            <p>
              <a href="/support/sessions">{t('support.sessions.title')}</a>
            </p>
          </section>
        ))}
      <h2>{t('support.quota.title')}</h2>
      {behind.length > 0 && (
        <p class="summary" role="status">
          {t('support.quota.behindAlert', { count: behind.length })}
        </p>
      )}
      <TableWrap label={t('support.quota.title')}>
        <table>
          <caption>{t('support.quota.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('support.programme.partner')}</th>
              <th scope="col">{t('support.quota.commitment')}</th>
              <th scope="col">{t('support.quota.progress')}</th>
              <th scope="col">{t('support.quota.schedule')}</th>
            </tr>
          </thead>
          <tbody>
            {props.quotas.map((q) => (
              <tr>
                <td>{q.partner}</td>
                <td>
                  {q.label} <span class="hint">{`${q.period_start.slice(0, 4)}`}</span>
                </td>
                <td>
                  {t('support.quota.given', { given: q.progress.given, places: q.progress.places })}
                  {q.group && (
                    <span class="hint">
                      {' '}
                      {t('support.quota.group', { label: q.group.label, given: q.group.given, places: q.group.places, landlords: q.group.landlords })}
                      {q.group.behind && !q.group.full && (
                        <>
                          {' — '}
                          <strong class="error">{t('support.quota.groupBehind', { expected: q.group.expected })}</strong>
                        </>
                      )}
                    </span>
                  )}
                </td>
                <td>{q.progress.full ? t('support.quota.full') : q.progress.behind ? <strong class="error">{t('support.quota.behind', { expected: q.progress.expected })}</strong> : t('support.quota.onTrack')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <PostForm action="/support/quotas/allocate" csrf={csrf}>
        <h3>{t('support.quota.allocate')}</h3>
        <SelectField t={t} name="quotaId" label={labels.quotaId} value={values.quotaId} error={errors.quotaId} placeholder={t('support.choose')} options={props.quotas.filter((q) => !q.progress.full).map((q) => ({ value: q.id, label: `${q.partner} — ${q.period_start.slice(0, 4)}` }))} />
        <Field t={t} name="applicantRef" label={labels.applicantRef} hint={t('support.quota.applicantHint')} value={values.applicantRef} error={errors.applicantRef} />
        <Field t={t} name="dwellingRef" label={labels.dwellingRef} hint={t('support.allocation.dwellingHint')} value={values.dwellingRef} error={errors.dwellingRef} />
        <button type="submit">{t('support.quota.allocateButton')}</button>
      </PostForm>
      <AllocationsSection c={c} allocations={props.allocations} errors={errors} values={values} />
      <ProposalsSection c={c} proposals={props.proposals} errors={errors} values={values} />
      <GroupForms c={c} o={props.groupOptions} errors={errors} values={values} />
    </Layout>
  );
}
