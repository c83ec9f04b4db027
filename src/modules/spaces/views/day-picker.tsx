import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { addDays, type LocalDate } from '../domain/paris-time.js';
import { dayLabel } from './format.js';

/** Pick a day in one tap: the next seven days as links, previous/next, and any date through a plain GET form. */
export function DayPicker(p: { t: Translate; locale: Locale; base: string; date: LocalDate; today: LocalDate }) {
  const week = Array.from({ length: 7 }, (_, i) => addDays(p.today, i));
  return (
    <nav aria-label={p.t('spaces.day.choose')}>
      <ul class="panels">
        {week.map((d) => (
          <li>
            <a href={`${p.base}?date=${d}`} aria-current={d === p.date ? 'date' : undefined}>
              {d === p.date ? <strong>{dayLabel(d, p.locale, { short: true })}</strong> : dayLabel(d, p.locale, { short: true })}
            </a>
          </li>
        ))}
      </ul>
      <p>
        {p.date > p.today && <a href={`${p.base}?date=${addDays(p.date, -1)}`}>{p.t('spaces.day.previous')}</a>} <a href={`${p.base}?date=${addDays(p.date, 1)}`}>{p.t('spaces.day.next')}</a>
      </p>
      <form method="get" action={p.base}>
        <label for="f-date">{p.t('spaces.day.other')}</label>
        <input id="f-date" type="date" name="date" value={p.date} min={p.today} />
        <button type="submit">{p.t('spaces.day.show')}</button>
      </form>
    </nav>
  );
}
