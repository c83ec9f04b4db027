import type { Translate } from '../../../platform/i18n/index.js';

/** The staff's ways out of the spaces list: create a space, the occupancy report — each when their role allows it. */
export function StaffLinks(p: { t: Translate; configure: boolean; report: boolean }) {
  const { t } = p;
  if (!p.configure && !p.report) return null;
  return (
    <ul class="actions">
      {p.configure && (
        <li>
          <a href="/staff/spaces/new">{t('spaces.staff.newSpace')}</a>
        </li>
      )}
      {p.report && (
        <li>
          <a href="/staff/spaces/occupancy">{t('spaces.occupancy.title')}</a>
        </li>
      )}
    </ul>
  );
}
