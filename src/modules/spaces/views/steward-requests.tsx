import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { RequestRow } from '../queries/steward-requests.js';
import { whenLabel } from './format.js';

/** The requests a steward approves or refuses (a refusal says why), one row each. */
export function StewardRequests(p: { t: Translate; locale: Locale; csrf: string; base: string; requests: RequestRow[]; reasonError?: { id: string; text: string } }) {
  const { t } = p;
  if (p.requests.length === 0) return <p>{t('spaces.steward.noRequests')}</p>;
  return (
    <TableWrap label={t('spaces.steward.requestsCaption')}>
      <table>
        <caption>{t('spaces.steward.requestsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('spaces.steward.when')}</th>
            <th scope="col">{t('spaces.steward.who')}</th>
            <th scope="col">{t('spaces.steward.purpose')}</th>
            <th scope="col">{t('spaces.steward.decide')}</th>
          </tr>
        </thead>
        <tbody>
          {p.requests.map((r) => {
            const when = whenLabel(r.start, r.end, p.locale);
            const err = p.reasonError?.id === r.id ? p.reasonError.text : null;
            const id = `f-reason-${r.id}`;
            return (
              <tr>
                <td>{when}</td>
                <td>{r.householdName}</td>
                <td>{t(`spaces.purpose.${r.purpose}`)}</td>
                <td>
                  <PostForm action={`${p.base}/bookings/${r.id}/approve`} csrf={p.csrf}>
                    <button type="submit" aria-label={t('spaces.steward.approveLabel', { who: r.householdName, when })}>
                      {t('spaces.steward.approve')}
                    </button>
                  </PostForm>
                  <PostForm action={`${p.base}/bookings/${r.id}/refuse`} csrf={p.csrf}>
                    <label for={id}>{t('spaces.steward.reason')}</label>
                    {err && (
                      <span class="error" id={`${id}-error`}>
                        {err}
                      </span>
                    )}
                    <input id={id} type="text" name="reason" maxlength={200} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-error` : undefined} />
                    <button type="submit" aria-label={t('spaces.steward.refuseLabel', { who: r.householdName, when })}>
                      {t('spaces.steward.refuse')}
                    </button>
                  </PostForm>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
