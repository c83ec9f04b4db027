import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { CaseDetail } from '../queries/read-case.js';
import { SelectField, TextAreaField } from './fields.js';

/** What the case page says where the address goes. */
export function addressText(t: (k: string) => string, d: CaseDetail): string {
  if (!d.addressVisible) return t('support.case.addressHidden');
  const address = `${d.household.residenceName ?? '—'} ${d.household.dwellingReference ?? ''}`.trim();
  return d.row.confidential_address ? `${address} (${t('support.address.confidentialMark')})` : address;
}

/** On a case: mark the address confidential, name who sees it, lift the mark; `recoverable`: the manager may name someone (every reader left). */
export function AddressSection(props: { c: Context<AppEnv>; d: CaseDetail; staff: { user_id: string; display_name: string }[]; errors: FieldErrors; values: Record<string, string>; recoverable?: boolean }) {
  const { c, d, errors } = props;
  const t = c.get('t');
  const csrf = c.get('csrf');
  const base = `/support/cases/${d.row.id}/address`;
  if (d.row.status !== 'open') return null;
  if (!d.row.confidential_address) {
    return (
      <section aria-labelledby="address-title">
        <h2 id="address-title">{t('support.address.title')}</h2>
        <p>{t('support.address.introPublic')}</p>
        <PostForm action={base} csrf={csrf}>
          <input type="hidden" name="confidential" value="on" />
          <button type="submit">{t('support.address.protect')}</button>
        </PostForm>
      </section>
    );
  }
  if (!d.addressVisible) {
    return (
      <section aria-labelledby="address-title">
        <h2 id="address-title">{t('support.address.title')}</h2>
        <p>{t('support.address.introHidden')}</p>
        {errors.form?.startsWith('support.address.recover.') && <p role="alert">{t(errors.form)}</p>}
        {props.recoverable && (
          <>
            <h3>{t('support.address.recover.title')}</h3>
            <p>{t('support.address.recover.intro')}</p>
            <PostForm action={`${base}/recover`} csrf={csrf}>
              <SelectField t={t} name="readerId" label={t('support.address.reader')} hint={t('support.address.readerHint')} value={props.values.readerId} error={errors.readerId} placeholder={t('support.choose')} options={props.staff.map((a) => ({ value: a.user_id, label: a.display_name }))} />
              <TextAreaField t={t} name="reason" label={t('support.address.recover.reasonLabel')} hint={t('support.address.recover.reasonHint')} value={props.values.reason} error={errors.reason} rows={3} />
              <button type="submit">{t('support.address.recover.submit')}</button>
            </PostForm>
          </>
        )}
      </section>
    );
  }
  const named = new Set(d.addressReaders.map((r) => r.user_id));
  const candidates = props.staff.filter((a) => !named.has(a.user_id));
  return (
    <section aria-labelledby="address-title">
      <h2 id="address-title">{t('support.address.title')}</h2>
      <p>{t('support.address.introNamed')}</p>
      <h3>{t('support.address.readers')}</h3>
      <ul>
        {d.addressReaders.map((r) => (
          <li>
            {r.display_name}
            {r.user_id !== c.get('actor')?.userId && (
              <PostForm action={`${base}/readers`} csrf={csrf}>
                <input type="hidden" name="readerId" value={r.user_id} />
                <input type="hidden" name="named" value="off" />
                <button type="submit" class="link">
                  {t('support.address.unname', { name: r.display_name })}
                </button>
              </PostForm>
            )}
          </li>
        ))}
      </ul>
      {candidates.length > 0 && (
        <PostForm action={`${base}/readers`} csrf={csrf}>
          <input type="hidden" name="named" value="on" />
          <SelectField t={t} name="readerId" label={t('support.address.reader')} hint={t('support.address.readerHint')} value={props.values.readerId} error={errors.readerId} placeholder={t('support.choose')} options={candidates.map((a) => ({ value: a.user_id, label: a.display_name }))} />
          <button type="submit">{t('support.address.name')}</button>
        </PostForm>
      )}
      <PostForm action={base} csrf={csrf}>
        <input type="hidden" name="confidential" value="off" />
        <button type="submit">
          {t('support.address.lift')}
        </button>
      </PostForm>
    </section>
  );
}
