import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { SeasonRow, StaffSeason } from '../queries/garden.js';
import { dayLabel, instantLabel } from './format.js';

/** One season of a garden for staff: allocate, the holders (release a plot), the waiting list, renewal offers. */
export function GardenSeasonTables(p: { t: Translate; locale: Locale; csrf: string; base: string; season: StaffSeason; earlier: SeasonRow[] }) {
  const { t, season: s } = p;
  const sb = `${p.base}/seasons/${s.id}`;
  const canAllocate = s.allocation === 'first_come' || !s.drawnAt;
  const hid = `season-${s.id}`;
  return (
    <section aria-labelledby={hid}>
      <h3 id={hid}>
        {s.name} ({dayLabel(s.startsOn, p.locale, { year: true })} – {dayLabel(s.endsOn, p.locale, { year: true })}) — {t(`spaces.garden.mode.${s.allocation}`)}
      </h3>
      {s.drawSeed && s.drawnAt && <p>{t('spaces.garden.seed', { when: instantLabel(s.drawnAt, p.locale), seed: s.drawSeed })}</p>}
      {canAllocate && (
        <PostForm action={`${sb}/allocate`} csrf={p.csrf}>
          <button type="submit">{s.allocation === 'draw' ? t('spaces.garden.allocateDraw') : t('spaces.garden.allocate')}</button>
        </PostForm>
      )}
      {s.holders.length > 0 && (
        <TableWrap label={t('spaces.garden.holdersCaption', { season: s.name })}>
          <table>
            <caption>{t('spaces.garden.holdersCaption', { season: s.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.garden.plot')}</th>
                <th scope="col">{t('spaces.garden.household')}</th>
                <th scope="col">{t('spaces.garden.action')}</th>
              </tr>
            </thead>
            <tbody>
              {s.holders.map((h) => (
                <tr>
                  <td>{h.plot}</td>
                  <td>{h.household}</td>
                  <td>
                    <PostForm action={`${sb}/allocations/${h.allocationId}/release`} csrf={p.csrf}>
                      <button type="submit" aria-label={t('spaces.garden.releaseLabel', { plot: h.plot, household: h.household })}>
                        {t('spaces.garden.release')}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {s.waiting.length === 0 ? (
        <p>{t('spaces.garden.noWaiting')}</p>
      ) : (
        <TableWrap label={t('spaces.garden.waitingCaption', { season: s.name })}>
          <table>
            <caption>{t('spaces.garden.waitingCaption', { season: s.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.garden.rank')}</th>
                <th scope="col">{t('spaces.garden.household')}</th>
                <th scope="col">{t('spaces.garden.appliedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {s.waiting.map((w, i) => (
                <tr>
                  <td>{i + 1}</td>
                  <td>{w.household}</td>
                  <td>{instantLabel(w.appliedAt, p.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {p.earlier.length > 0 && (
        <PostForm action={`${sb}/renewals`} csrf={p.csrf}>
          <label for={`f-fromSeasonId-${s.id}`}>{t('spaces.garden.renewFrom')}</label>
          <select id={`f-fromSeasonId-${s.id}`} name="fromSeasonId">
            {p.earlier.map((e) => (
              <option value={e.id}>{e.name}</option>
            ))}
          </select>
          <button type="submit" aria-label={`${t('spaces.garden.renew')} — ${s.name}`}>
            {t('spaces.garden.renewSubmit')}
          </button>
        </PostForm>
      )}
    </section>
  );
}
