import type { Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ImportReport } from '../commands/import/import-register.js';
import { reasonText } from './import-report-text.js';

const SHOWN = 1000;

/** The import report on the page: counts, then each rejected row with its line and reasons. */
export function ImportReportView(p: { t: Translate; report: ImportReport; seconds: string }) {
  const { t, report: r } = p;
  if (r.fileError) {
    return (
      <div class="summary" role="alert" aria-labelledby="report-title">
        <h2 id="report-title">{t('directory.import.report')}</h2>
        <p>{t(r.fileError.key, r.fileError.values)}</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('directory.import.report')}</h2>
      <p class={r.rejected ? undefined : 'notice'} role="status">
        {t('directory.import.summary', { rows: r.rows, inserted: r.inserted, updated: r.updated, rejected: r.rejected })}
      </p>
      <p>{t('directory.import.duration', { seconds: p.seconds })}</p>
      {r.ignoredColumns.length > 0 && <p>{t('directory.import.ignored', { columns: r.ignoredColumns.join(', ') })}</p>}
      {r.rejections.length > 0 && (
        <>
          <h3>{t('directory.import.rejectedTitle')}</h3>
          <TableWrap label={t('directory.import.rejectedTitle')}>
            <table>
              <caption>{t('directory.import.rejectedTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.import.lineHeader')}</th>
                  <th scope="col">{t('directory.import.referenceHeader')}</th>
                  <th scope="col">{t('directory.import.reasonHeader')}</th>
                </tr>
              </thead>
              <tbody>
                {r.rejections.slice(0, SHOWN).map((x) => (
                  <tr>
                    <td>{x.line}</td>
                    <td>{x.reference ?? '—'}</td>
                    <td>
                      {x.errors.length === 1 ? (
                        reasonText(x.errors[0], t)
                      ) : (
                        <ul>
                          {x.errors.map((e) => (
                            <li>{reasonText(e, t)}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {r.rejected > Math.min(SHOWN, r.rejections.length) && <p>{t('directory.import.more', { count: r.rejected - Math.min(SHOWN, r.rejections.length) })}</p>}
        </>
      )}
    </section>
  );
}
