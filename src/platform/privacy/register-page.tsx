import type { Hono } from 'hono';
import { rolesWith } from '../access/authorize.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { Layout } from '../ui/layout.js';
import { TableWrap } from '../ui/table.js';
import { declaredProcessing } from './processing.js';

/** The record of processing activities (GDPR art. 30), built from what each module declares. */
export function registerProcessingRegister(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/privacy/register', 'privacy.register', (c) => {
    const t = c.get('t');
    return c.html(
      <Layout c={c} title={t('privacy.register.title')}>
        <h1>{t('privacy.register.title')}</h1>
        <p>{t('privacy.register.intro')}</p>
        {declaredProcessing().map(({ module, activities }) => (
          <section>
            <h2 id={`m-${module}`}>{t('privacy.register.module', { name: module })}</h2>
            {!activities?.length ? (
              <p>{t('privacy.register.undeclared')}</p>
            ) : (
              <TableWrap label={t('privacy.register.module', { name: module })}>
                <table>
                  <caption>{t('privacy.register.module', { name: module })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('privacy.register.purpose')}</th>
                      <th scope="col">{t('privacy.register.basis')}</th>
                      <th scope="col">{t('privacy.register.categories')}</th>
                      <th scope="col">{t('privacy.register.retention')}</th>
                      <th scope="col">{t('privacy.register.recipients')}</th>
                      <th scope="col">{t('privacy.register.access')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {activities.map((a) => (
                      <tr>
                        <th scope="row">{t(a.purpose)}</th>
                        <td>{t(`privacy.basis.${a.legalBasis}`)}</td>
                        <td>
                          {a.categories.map((k) => t(`privacy.category.${k}`)).join(', ')}
                          {a.sensitive && ` ${t('privacy.register.sensitive')}`}
                        </td>
                        <td>{t(a.retention)}</td>
                        <td>{a.recipients.map((k) => t(k)).join(' ; ')}</td>
                        <td>{[...new Set(a.access.flatMap((p) => rolesWith(p)))].map((r) => t(`role.${r}`)).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>
        ))}
      </Layout>,
    );
  });
}
