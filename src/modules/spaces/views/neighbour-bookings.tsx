import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { NeighbourBooking } from '../commands/neighbour-booking.js';
import { whenLabel } from './format.js';

/** On "My bookings": the household's bookings in other landlords' spaces of the neighbourhood, managed on /spaces/neighbourhood. */
export function NeighbourBookingsSection(p: { t: Translate; locale: Locale; rows: NeighbourBooking[] }) {
  if (p.rows.length === 0) return null;
  return (
    <section aria-labelledby="neighbour-bookings">
      <h2 id="neighbour-bookings">{p.t('spaces.neighbours.mine')}</h2>
      <ul>
        {p.rows.map((b) => (
          <li>
            <strong>{whenLabel(b.start, b.end, p.locale)}</strong>
            <span class="hint">{`${b.spaceName ?? p.t('spaces.neighbours.closedSpace')} (${b.landlordName})`}</span>
            <span class="hint">{p.t('spaces.mine.statusLine', { status: p.t(`spaces.status.${b.status}`) })}</span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/spaces/neighbourhood">{p.t('spaces.neighbours.manage')}</a>
      </p>
    </section>
  );
}
