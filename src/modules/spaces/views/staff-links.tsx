import type { Translate } from '../../../platform/i18n/index.js';

/** The staff's ways out of the spaces list: create a space, the occupancy report, the support log — each when their role allows it. */
export function StaffLinks(p: { t: Translate; configure: boolean; report: boolean; support: boolean }) {
  const { t } = p;
  if (!p.configure && !p.report && !p.support) return null;
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
      {p.support && (
        <li>
          <a href="/staff/spaces/support">{t('spaces.support.title')}</a>
        </li>
      )}
    </ul>
  );
}
