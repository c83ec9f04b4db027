import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { PartnerCommitment, Proposal } from '../commands/proposals.js';
import { DwellingRefInput } from './allocations.js';
import { PartnerAllocations } from './partner-allocations.js';
import { SelectField, TextAreaField } from './fields.js';

/** A partner's staff: the commitments landlords made to the partner, the applicants proposed, and the form to propose one. */
export function PartnerCommitmentsPage(props: { c: Context<AppEnv>; commitments: PartnerCommitment[]; errors?: FieldErrors; values?: Record<string, string>; notice?: string }) {
  const { c } = props;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const t = c.get('t');
  const labels = { quotaId: t('support.proposal.commitment'), applicantRef: t('support.quota.applicant'), householdSize: t('support.proposal.size'), need: t('support.proposal.need'), form: t('support.proposal.pageTitle') };
  return (
    <Layout c={c} title={t('support.proposal.pageTitle')}>
      <h1>{t('support.proposal.pageTitle')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <p>
        <a href="/support/partner/contact">{t('support.contact.title')}</a>
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {t(props.notice)}
        </p>
      )}
      {props.commitments.length === 0 ? (
        <p>{t('support.proposal.noCommitment')}</p>
      ) : (
        props.commitments.map((q) => (
          <section aria-labelledby={`q-${q.id}`}>
            <h2 id={`q-${q.id}`}>
              {q.landlord} — {q.label} ({q.year})
            </h2>
            <p>{t('support.proposal.places', { places: q.places })}</p>
            {q.group && <p>{t('support.group.partnerTotal', { label: q.group.label, given: q.group.given, places: q.group.places, landlords: q.group.landlords })}</p>}
            {q.proposals.length === 0 ? (
              <p>{t('support.proposal.none')}</p>
            ) : (
              <ProposalTable c={c} proposals={q.proposals} caption={t('support.proposal.caption', { label: q.label })} />
            )}
            <PartnerAllocations c={c} commitment={q} />
          </section>
        ))
      )}
      {props.commitments.length > 0 && (
        <PostForm action="/support/commitments/proposals" csrf={c.get('csrf')}>
          <h2>{t('support.proposal.add')}</h2>
          <p class="hint">{t('support.proposal.noName')}</p>
          <SelectField t={t} name="quotaId" label={labels.quotaId} value={values.quotaId} error={errors.quotaId} placeholder={t('support.choose')} options={props.commitments.map((q) => ({ value: q.id, label: `${q.landlord} — ${q.label} (${q.year})` }))} />
          <Field t={t} name="applicantRef" label={labels.applicantRef} hint={t('support.quota.applicantHint')} value={values.applicantRef} error={errors.applicantRef} />
          <Field t={t} name="householdSize" label={labels.householdSize} inputmode="numeric" value={values.householdSize} error={errors.householdSize} />
          <TextAreaField t={t} name="need" label={labels.need} hint={t('support.proposal.needHint')} value={values.need} error={errors.need} rows={2} />
          <button type="submit">{t('support.proposal.submit')}</button>
        </PostForm>
      )}
    </Layout>
  );
}

function ProposalTable(props: { c: Context<AppEnv>; proposals: Proposal[]; caption: string; answer?: boolean; errors?: FieldErrors; values?: Record<string, string> }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <TableWrap label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.answer && <th scope="col">{t('support.programme.partner')}</th>}
            <th scope="col">{t('support.quota.applicant')}</th>
            <th scope="col">{t('support.proposal.size')}</th>
            <th scope="col">{t('support.proposal.need')}</th>
            <th scope="col">{t('support.proposal.on')}</th>
            <th scope="col">{t('support.case.status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.proposals.map((p) => (
            <tr>
              {props.answer && <td>{`${p.partner} — ${p.quota_label} (${p.year})`}</td>}
              <td>{p.applicant_ref}</td>
              <td>{f.number(p.household_size)}</td>
              <td>{p.need || '—'}</td>
              <td>{f.date(p.proposed_at)}</td>
              <td>
                {t(`support.proposal.status.${p.status}`, { seat: p.seat ?? 0 })}
                {props.answer && p.status === 'proposed' && (
                  <>
                    <PostForm action={`/support/proposals/${p.id}/allocate`} csrf={c.get('csrf')}>
                      <DwellingRefInput t={t} rowId={p.id} label={t('support.allocation.dwellingOptional', { ref: p.applicant_ref })} value={props.values?.[`dw-${p.id}`]} error={props.errors?.[`dw-${p.id}`]} />
                      <button type="submit">{t('support.proposal.allocate', { ref: p.applicant_ref })}</button>
                    </PostForm>
                    <PostForm action={`/support/proposals/${p.id}/decline`} csrf={c.get('csrf')}>
                      <button type="submit" class="link">
                        {t('support.proposal.decline', { ref: p.applicant_ref })}
                      </button>
                    </PostForm>
                  </>
                )}
                {!props.answer && p.status === 'proposed' && (
                  <PostForm action={`/support/commitments/proposals/${p.id}/withdraw`} csrf={c.get('csrf')}>
                    <button type="submit" class="link">
                      {t('support.proposal.withdraw', { ref: p.applicant_ref })}
                    </button>
                  </PostForm>
                )}
                {!props.answer && p.status === 'withdrawn' && (
                  <PostForm action={`/support/commitments/proposals/${p.id}/restore`} csrf={c.get('csrf')}>
                    <button type="submit" class="link">
                      {t('support.proposal.restore', { ref: p.applicant_ref })}
                    </button>
                  </PostForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** On the programmes page: the applicants partners proposed, with the landlord's answer. */
export function ProposalsSection(props: { c: Context<AppEnv>; proposals: Proposal[]; errors?: FieldErrors; values?: Record<string, string> }) {
  const t = props.c.get('t');
  return (
    <section aria-labelledby="proposals-title">
      <h2 id="proposals-title">{t('support.proposal.landlordTitle')}</h2>
      {props.proposals.length === 0 ? <p>{t('support.proposal.none')}</p> : <ProposalTable c={props.c} proposals={props.proposals} caption={t('support.proposal.landlordCaption')} answer errors={props.errors} values={props.values} />}
    </section>
  );
}
