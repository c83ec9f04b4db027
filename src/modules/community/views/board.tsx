import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import { boardColumn } from '../domain/proposal-status.js';
import type { BoardItem } from '../queries/proposals.js';

const COLUMNS = ['said', 'studying', 'doing', 'done', 'refused'] as const;

/** "You said, we did": proposals grouped by where they stand, each with the landlord's latest answer. */
export function Board(props: { t: Translate; locale: Locale; items: BoardItem[]; link: (id: string) => string | null }) {
  const { t } = props;
  const f = formatters(props.locale);
  return (
    <>
      {COLUMNS.map((col) => {
        const items = props.items.filter((i) => boardColumn(i.status) === col);
        return (
          <section aria-labelledby={`col-${col}`}>
            <h2 id={`col-${col}`}>
              {t('community.board.column', {
                column: col,
                count: items.length,
              })}
            </h2>
            {items.length === 0 ? (
              <p>{t('community.board.emptyColumn')}</p>
            ) : (
              <ul>
                {items.map((i) => {
                  const href = props.link(i.id);
                  return (
                    <li>
                      <strong>{href ? <a href={href}>{i.title}</a> : i.title}</strong>
                      {` — ${t(`community.proposalStatus.${i.status}`)} · ${t('community.proposal.supports', { count: i.supports })}`}
                      {i.last_answer && i.last_answer_at && (
                        <p>
                          {t('community.board.lastAnswer', {
                            date: f.date(i.last_answer_at),
                            answer: i.last_answer,
                          })}
                        </p>
                      )}
                      {i.next_step && (
                        <p>
                          {i.next_step_on
                            ? t('community.board.nextStepOn', { step: i.next_step, date: f.date(new Date(`${i.next_step_on}T12:00:00Z`)) })
                            : t('community.board.nextStep', { step: i.next_step })}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}
