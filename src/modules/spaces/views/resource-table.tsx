import type { Translate } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ConfigResource } from '../db/config-db.js';
import { hasOwnRules } from '../domain/resource-rules.js';

/** A space's resources for the programme manager: kind, size, whether still offered, and a link to change each. */
export function ResourceTable(p: { t: Translate; resources: ConfigResource[]; base: string }) {
  const { t } = p;
  if (p.resources.length === 0) return <p>{t('spaces.config.noResource')}</p>;
  return (
    <TableWrap label={t('spaces.config.resources')}>
      <table>
        <caption>{t('spaces.config.resourcesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('spaces.config.resource.name')}</th>
            <th scope="col">{t('spaces.config.resource.kind')}</th>
            <th scope="col">{t('spaces.config.resource.size')}</th>
            <th scope="col">{t('spaces.config.resource.state')}</th>
          </tr>
        </thead>
        <tbody>
          {p.resources.map((r) => (
            <tr>
              <td>
                <a href={`${p.base}/resources/${r.id}`} aria-label={t('spaces.config.resource.editLabel', { name: r.name })}>
                  {r.name}
                </a>
              </td>
              <td>{t(`spaces.resourceKind.${r.kind}`)}</td>
              <td>{r.kind === 'seats' ? t('spaces.config.resource.seats', { count: r.units }) : r.peopleCapacity ? t('spaces.config.resource.people', { count: r.peopleCapacity }) : '—'}</td>
              <td>
                {t(r.active ? 'spaces.config.resource.active' : 'spaces.config.resource.retired')}
                {hasOwnRules(r) && (
                  <>
                    <br />
                    {t('spaces.config.own.has')}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
