import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { MyWaiting } from '../queries/resident-spaces.js';
import { whenLabel } from './format.js';

/**
 * "My waiting lists": the slots the household queues for, its rank, and a way to leave. The same table
 * lists a neighbour's places in other landlords' spaces (`title`, `caption`, `leaveAction` given).
 */
export function WaitingLists(p: { t: Translate; locale: Locale; csrf: string; rows: Pick<MyWaiting, 'id' | 'spaceName' | 'resourceName' | 'start' | 'end' | 'position'>[]; title?: string; caption?: string; leaveAction?: (id: string) => string }) {
  const { t } = p;
  if (p.rows.length === 0) return null;
  return (
    <>
      <h2>{p.title ?? t('spaces.waitlist.title')}</h2>
      <TableWrap label={p.title ?? t('spaces.waitlist.title')}>
        <table>
          <caption>{p.caption ?? t('spaces.waitlist.caption')}</caption>
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
                  <PostForm action={p.leaveAction ? p.leaveAction(w.id) : `/spaces/waitlist/${w.id}/leave`} csrf={p.csrf}>
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
