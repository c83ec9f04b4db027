import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { Space } from '../db/spaces-db.js';
import type { KeyRow } from '../queries/keys.js';
import { instantLabel } from './format.js';

/** On a space's board: links to its stewards, keys, garden seasons and check-in screen, and the keys overdue. */
export function BoardExtras(p: { t: Translate; locale: Locale; space: Space; configure: boolean; overdue: KeyRow[] }) {
  const { t, space } = p;
  const base = `/staff/spaces/${space.id}`;
  const links: [string, string][] = [
    ...((space.kind === 'room' || space.kind === 'garden') && p.configure ? [[`${base}/stewards`, t('spaces.stewards.link')] as [string, string]] : []),
    ...(space.kind === 'room' ? [[`${base}/keys`, t('spaces.keys.link')] as [string, string]] : []),
    ...(space.kind === 'garden' ? [[`${base}/garden`, t('spaces.garden.link')] as [string, string]] : []),
    [`${base}/screen`, t('spaces.screen.link')],
  ];
  return (
    <>
      {links.length > 0 && (
      <ul class="links">
        {links.map(([href, label]) => (
          <li>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
      )}
      {p.overdue.length > 0 && (
        <div class="summary" role="alert">
          <h2>{t('spaces.keys.overdueTitle')}</h2>
          <ul>
            {p.overdue.map((k) => (
              <li>{t('spaces.keys.overdueItem', { to: k.handedTo, household: k.household, due: instantLabel(k.dueAt, p.locale) })}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
