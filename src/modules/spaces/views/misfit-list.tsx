import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { ConfigResource } from '../db/config-db.js';
import { parisParts } from '../domain/paris-time.js';
import type { Misfit } from '../queries/misfit-bookings.js';
import { whenLabel } from './format.js';

/** The kept bookings that the current rules would not allow, each linked to its day on the board. */
export function MisfitList(p: { t: Translate; locale: Locale; misfits: Misfit[]; resources: ConfigResource[]; boardHref: string }) {
  const { t } = p;
  if (p.misfits.length === 0) return null;
  return (
    <section class="summary" aria-labelledby="misfits-title">
      <h2 id="misfits-title">{t('spaces.config.misfits.title', { count: p.misfits.length })}</h2>
      <p>{t('spaces.config.misfits.intro')}</p>
      <ul>
        {p.misfits.slice(0, 50).map((m) => (
          <li>
            <a href={`${p.boardHref}?date=${parisParts(m.start).date}`}>{whenLabel(m.start, m.end, p.locale)}</a> — {p.resources.find((r) => r.id === m.resourceId)?.name ?? ''} : {t(m.misfit)}
          </li>
        ))}
      </ul>
    </section>
  );
}
