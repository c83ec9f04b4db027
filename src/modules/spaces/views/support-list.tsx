import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { SupportEntry } from '../queries/support-log.js';
import { SUPPORT_OUTCOMES } from '../support-schemas.js';
import { dayLabel, durationLabel } from './format.js';

/** The latest support sessions of a space; the outcome can be set once it is known. */
export function SupportList(p: { t: Translate; locale: Locale; csrf: string; base: string; entries: SupportEntry[] }) {
  const { t } = p;
  if (p.entries.length === 0) return <p>{t('spaces.support.empty')}</p>;
  return (
    <TableWrap label={t('spaces.support.caption')}>
      <table>
        <caption>{t('spaces.support.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('spaces.support.field.heldOn')}</th>
            <th scope="col">{t('spaces.support.field.person')}</th>
            <th scope="col">{t('spaces.support.field.minutes')}</th>
            <th scope="col">{t('spaces.support.field.topic')}</th>
            <th scope="col">{t('spaces.support.field.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {p.entries.map((s) => {
            const who = s.anonymous ? t('spaces.support.anonymous') : (s.householdName ?? t('spaces.board.otherHousehold'));
            const day = dayLabel(s.heldOn, p.locale, { short: true });
            return (
              <tr>
                <td>{day}</td>
                <td>{who}</td>
                <td>{durationLabel(t, s.minutes)}</td>
                <td>{t(`spaces.support.topic.${s.topic}`)}</td>
                <td>
                  <PostForm action={`${p.base}/support/${s.id}/outcome`} csrf={p.csrf}>
                    <select id={`f-outcome-${s.id}`} name="outcome" aria-label={t('spaces.support.outcomeOf', { who, day })}>
                      {['', ...SUPPORT_OUTCOMES].map((o) => (
                        <option value={o} selected={(s.outcome ?? '') === o}>
                          {t(o ? `spaces.support.outcome.${o}` : 'spaces.support.outcome.unknown')}
                        </option>
                      ))}
                    </select>
                    <button type="submit" aria-label={t('spaces.support.saveOutcomeLabel', { who, day })}>
                      {t('spaces.config.save')}
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
