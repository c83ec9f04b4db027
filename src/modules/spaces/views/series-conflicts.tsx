import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { PostForm } from '../../../platform/ui/form.js';
import type { SeriesConflict } from '../commands/create-series.js';
import type { BookingFormValues } from './booking-form.js';
import { dayLabel } from './format.js';

/**
 * The dates of a weekly series that cannot be booked, each with its reason, and the person's choice:
 * book the other dates without them (the same request again, with `onConflict=skip`) or give up the series.
 */
export function SeriesConflicts(p: { t: Translate; locale: Locale; csrf: string; action: string; values: BookingFormValues; conflicts: SeriesConflict[]; bookable: number; backHref: string }) {
  const { t, values: v } = p;
  return (
    <section class="summary" role="alert" aria-labelledby="series-conflicts-title">
      <h2 id="series-conflicts-title">{t('spaces.series.conflictsTitle', { count: p.conflicts.length })}</h2>
      <ul>
        {p.conflicts.map((c) => (
          <li>{t('spaces.series.conflictItem', { day: dayLabel(c.date, p.locale, { year: true }), reason: t(c.code, c.values) })}</li>
        ))}
      </ul>
      {p.bookable > 0 ? (
        <>
          <p>{t('spaces.series.intro')}</p>
          <PostForm action={p.action} csrf={p.csrf}>
            {Object.entries({ ...v, onConflict: 'skip' }).map(([name, value]) => (value === undefined ? null : <input type="hidden" name={name} value={value} />))}
            <button type="submit">{t('spaces.series.skip', { count: p.bookable })}</button>
          </PostForm>
        </>
      ) : (
        <p>{t('spaces.series.none')}</p>
      )}
      <p>
        <a href={p.backHref}>{t('spaces.series.giveUp')}</a>
      </p>
    </section>
  );
}
