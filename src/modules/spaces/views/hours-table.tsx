import type { Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { hourFields, WEEKDAYS } from '../config-schemas.js';

/**
 * Opening hours as a table: a row per weekday, two intervals ("09:00"–"12:00", "14:00"–"18:00").
 * Empty fields close the day. Each input names its weekday and role for screen readers.
 */
export function HoursTable(p: { t: Translate; values: Record<string, string>; bad: number[] }) {
  const { t } = p;
  const cols = [t('spaces.config.hours.opens1'), t('spaces.config.hours.closes1'), t('spaces.config.hours.opens2'), t('spaces.config.hours.closes2')];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset grows to its widest content; the hours table must scroll inside a 360 px screen instead
    <div id="f-hours" role="group" aria-labelledby="f-hours-legend" aria-describedby="f-hours-hint">
      <p id="f-hours-legend">
        <strong>{t('spaces.config.hours.legend')}</strong>
      </p>
      <span class="hint" id="f-hours-hint">
        {t('spaces.config.hours.hint')}
      </span>
      <TableWrap label={t('spaces.config.hours.legend')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('spaces.config.hours.day')}</th>
              {cols.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => (
              <tr>
                <th scope="row">
                  {t(`spaces.weekday.${d}`)}
                  {p.bad.includes(d) && <span class="error">{t('spaces.config.error.hours')}</span>}
                </th>
                {hourFields(d).map((f, i) => (
                  <td>
                    <input id={`f-${f}`} name={f} type="time" value={p.values[f] ?? ''} aria-label={`${t(`spaces.weekday.${d}`)} — ${cols[i]}`} aria-invalid={p.bad.includes(d) ? 'true' : undefined} size={5} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
