import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { MyWaiting } from '../queries/resident-spaces.js';
import { whenLabel } from './format.js';

/** "My waiting lists": the slots the household queues for, its rank, and a way to leave. */
export function WaitingLists(p: { t: Translate; locale: Locale; csrf: string; rows: MyWaiting[] }) {
  const { t } = p;
  if (p.rows.length === 0) return null;
  return (
    <>
      <h2>{t('spaces.waitlist.title')}</h2>
      <TableWrap label={t('spaces.waitlist.title')}>
        <table>
          <caption>{t('spaces.waitlist.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('spaces.mine.when')}</th>
              <th scope="col">{t('spaces.mine.where')}</th>
              <th scope="col">{t('spaces.waitlist.position')}</th>
              <th scope="col">{t('spaces.mine.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((w) => (
              <tr>
                <td>{whenLabel(w.start, w.end, p.locale)}</td>
                <td>
                  {w.spaceName} <span class="hint">{w.resourceName}</span>
                </td>
                <td>{w.position}</td>
                <td>
                  <PostForm action={`/spaces/waitlist/${w.id}/leave`} csrf={p.csrf}>
                    <button type="submit" aria-label={t('spaces.waitlist.leaveLabel', { when: whenLabel(w.start, w.end, p.locale) })}>
                      {t('spaces.waitlist.leave')}
                    </button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
