import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { KeyRow } from '../queries/keys.js';
import type { RequestRow } from '../queries/steward-requests.js';
import { instantLabel, whenLabel } from './format.js';

export type KeyFormError = { bookingId: string; text: string; value: string };

/** The room's key (`base` is the keys page; its forms post to base/hand/:booking and base/return/:key): hand it over for a confirmed booking, see who has it, record its return; overdue keys stand out. */
export function KeyDesk(p: { t: Translate; locale: Locale; csrf: string; base: string; upcoming: RequestRow[]; keys: KeyRow[]; error?: KeyFormError }) {
  const { t } = p;
  const out = new Set(p.keys.filter((k) => !k.returnedAt).map((k) => k.bookingId));
  return (
    <>
      <h2>{t('spaces.keys.handTitle')}</h2>
      {p.upcoming.length === 0 ? (
        <p>{t('spaces.keys.noUpcoming')}</p>
      ) : (
        <TableWrap label={t('spaces.keys.upcomingCaption')}>
          <table>
            <caption>{t('spaces.keys.upcomingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.steward.when')}</th>
                <th scope="col">{t('spaces.steward.who')}</th>
                <th scope="col">{t('spaces.keys.handTitle')}</th>
              </tr>
            </thead>
            <tbody>
              {p.upcoming.map((b) => {
                const when = whenLabel(b.start, b.end, p.locale);
                const id = `f-handedTo-${b.id}`;
                const err = p.error?.bookingId === b.id ? p.error : null;
                return (
                  <tr>
                    <td>{when}</td>
                    <td>{b.householdName}</td>
                    <td>
                      {out.has(b.id) ? (
                        t('spaces.keys.notBack')
                      ) : (
                        <PostForm action={`${p.base}/hand/${b.id}`} csrf={p.csrf}>
                          <label for={id}>{t('spaces.keys.handedTo')}</label>
                          <span class="hint" id={`${id}-hint`}>
                            {t('spaces.keys.handedToHint')}
                          </span>
                          {err && (
                            <span class="error" id={`${id}-error`}>
                              {err.text}
                            </span>
                          )}
                          <input id={id} type="text" name="handedTo" maxlength={100} value={err?.value ?? ''} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-hint ${id}-error` : `${id}-hint`} />
                          <button type="submit" aria-label={t('spaces.keys.handLabel', { when })}>
                            {t('spaces.keys.hand')}
                          </button>
                        </PostForm>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('spaces.keys.outTitle')}</h2>
      {p.keys.length === 0 ? (
        <p>{t('spaces.keys.none')}</p>
      ) : (
        <TableWrap label={t('spaces.keys.caption')}>
          <table>
            <caption>{t('spaces.keys.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.keys.booking')}</th>
                <th scope="col">{t('spaces.keys.handedTo')}</th>
                <th scope="col">{t('spaces.keys.handed')}</th>
                <th scope="col">{t('spaces.keys.due')}</th>
                <th scope="col">{t('spaces.keys.returned')}</th>
              </tr>
            </thead>
            <tbody>
              {p.keys.map((k) => (
                <tr>
                  <td>
                    {whenLabel(k.start, k.end, p.locale)}
                    <span class="hint">{k.household}</span>
                  </td>
                  <td>{k.handedTo}</td>
                  <td>{t('spaces.keys.handedValue', { when: instantLabel(k.handedAt, p.locale), by: k.handedBy ?? t('spaces.keys.someone') })}</td>
                  <td>
                    {instantLabel(k.dueAt, p.locale)}
                    {k.overdue && <strong class="error">{t('spaces.keys.overdue')}</strong>}
                  </td>
                  <td>
                    {k.returnedAt ? (
                      instantLabel(k.returnedAt, p.locale)
                    ) : (
                      <PostForm action={`${p.base}/return/${k.id}`} csrf={p.csrf}>
                        <button type="submit" aria-label={t('spaces.keys.returnLabel', { to: k.handedTo })}>
                          {t('spaces.keys.return')}
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
