import type { Translate } from '../../../platform/i18n/index.js';
import type { formatters } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ProgrammeOverview } from '../queries/overview.js';

/** For each programme the actor manages that asks eligibility questions: how many cases answered yes / no / don't know. */
export function EligibilityCounts(props: { t: Translate; f: ReturnType<typeof formatters>; programmes: ProgrammeOverview[] }) {
  const { t, f } = props;
  const shown = props.programmes.filter((p) => p.answers.length > 0);
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="eligibility-counts">
      <h2 id="eligibility-counts">{t('support.eligibility.countsTitle')}</h2>
      {shown.map((p) => (
        <TableWrap label={t('support.eligibility.countsCaption', { programme: p.name })}>
          <table>
            <caption>{t('support.eligibility.countsCaption', { programme: p.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.eligibility.question')}</th>
                <th scope="col">{t('support.eligibility.answer.yes')}</th>
                <th scope="col">{t('support.eligibility.answer.no')}</th>
                <th scope="col">{t('support.eligibility.answer.unknown')}</th>
              </tr>
            </thead>
            <tbody>
              {p.answers.map((a) => (
                <tr>
                  <th scope="row">{a.question}</th>
                  <td>{f.number(a.yes)}</td>
                  <td>{f.number(a.no)}</td>
                  <td>{f.number(a.unknown)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ))}
    </section>
  );
}
