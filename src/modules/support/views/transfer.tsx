import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { CaseDetail } from '../queries/read-case.js';
import type { TransferLink } from '../queries/transfer-links.js';
import { SelectField, TextAreaField } from './fields.js';

/** What the transfer form offers: the landlord's other active programmes and the colleagues who may follow the new case. */
export type TransferOptions = { programmes: { id: string; name: string }[]; staff: { user_id: string; display_name: string }[] };

/** The form's own field names (the case page holds many forms), from the command's. */
export const TRANSFER_FIELDS: Record<string, string> = { programmeId: 'transferProgrammeId', adviserId: 'transferAdviserId', reason: 'transferReason' };

/** "Transféré vers / depuis …": the other case by its reference to whoever may read it, else only that it was transferred. */
export function TransferLinks(props: { c: Context<AppEnv>; d: CaseDetail }) {
  const t = props.c.get('t');
  const { to, from } = props.d.transfer;
  const line = (l: TransferLink, named: string, hidden: string) =>
    l.visible ? <a href={`/support/cases/${l.id}`}>{t(named, { reference: l.reference ?? '', programme: l.programme ?? '' })}</a> : <span>{t(hidden)}</span>;
  if (!to && !from) return null;
  return (
    <>
      <dt>{t('support.transfer.link')}</dt>
      {from && <dd>{line(from, 'support.transfer.from', 'support.transfer.fromHidden')}</dd>}
      {to && <dd>{line(to, 'support.transfer.to', 'support.transfer.toHidden')}</dd>}
    </>
  );
}

/** "Transférer vers un autre programme", while the case is open: programme, who follows the new case, reason. No JavaScript. */
export function TransferSection(props: { c: Context<AppEnv>; d: CaseDetail; options: TransferOptions; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, options, errors, values } = props;
  const t = c.get('t');
  const me = c.get('actor')?.userId;
  return (
    <section aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t('support.transfer.title')}</h2>
      <p class="hint">{t('support.transfer.intro')}</p>
      {options.programmes.length === 0 ? (
        <p>{t('support.transfer.none')}</p>
      ) : (
        <PostForm action={`/support/cases/${d.row.id}/transfer`} csrf={c.get('csrf')}>
          <SelectField
            t={t}
            name="transferProgrammeId"
            label={t('support.transfer.programme')}
            placeholder={t('support.transfer.choose')}
            options={options.programmes.map((p) => ({ value: p.id, label: p.name }))}
            value={values.transferProgrammeId}
            error={errors.transferProgrammeId}
          />
          <SelectField
            t={t}
            name="transferAdviserId"
            label={t('support.transfer.adviser')}
            placeholder={t('support.transfer.adviserMe')}
            options={options.staff.filter((s) => s.user_id !== me).map((s) => ({ value: s.user_id, label: s.display_name }))}
            value={values.transferAdviserId}
            error={errors.transferAdviserId}
          />
          <TextAreaField t={t} name="transferReason" label={t('support.transfer.reason')} value={values.transferReason} error={errors.transferReason} rows={2} />
          <button type="submit">{t('support.transfer.button')}</button>
        </PostForm>
      )}
    </section>
  );
}
