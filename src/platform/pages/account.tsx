import type { Hono } from 'hono';
import { audit } from '../audit/audit.js';
import { destroyUserSessions } from '../auth/sessions.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { formatters } from '../i18n/index.js';
import { PostForm } from '../ui/form.js';
import { TableWrap } from '../ui/table.js';
import { Layout } from '../ui/layout.js';

/** My account: language, second factor status, sessions and "sign out everywhere". */
export function registerAccountPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/account', 'account.self', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { db } = c.get('services').database;
    const user = await db.selectFrom('users').select(['totp_enabled', 'locale']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const sessions = await db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'user_agent', 'token_hash']).where('user_id', '=', actor.userId).orderBy('last_seen_at', 'desc').execute();
    const f = formatters(c.get('locale'));
    const current = c.get('session')?.token_hash;
    return c.html(
      <Layout c={c} title={t('account.title')}>
        <h1>{t('account.title')}</h1>
        {c.req.query('saved') && (
          <p class="notice" role="status">
            {t('account.saved')}
          </p>
        )}
        <h2>{t('account.language')}</h2>
        <PostForm action="/account/language" csrf={c.get('csrf')}>
          <label for="f-locale">{t('account.language')}</label>
          <select id="f-locale" name="locale">
            <option value="fr" selected={user.locale === 'fr'} lang="fr">
              Français
            </option>
            <option value="en" selected={user.locale === 'en'} lang="en">
              English
            </option>
          </select>
          <button type="submit">{t('account.save')}</button>
        </PostForm>
        <h2>{t('account.password')}</h2>
        <p>
          <a href="/account/password">{t('account.passwordChange')}</a>
        </p>
        <h2>{t('account.mfa')}</h2>
        <p>{user.totp_enabled ? t('account.mfaOn') : t('account.mfaOff')}</p>
        <p>
          <a href="/account/mfa">{t('account.mfaManage')}</a>
        </p>
        <h2>{t('account.sessions')}</h2>
        <TableWrap label={t('account.sessions')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.at')}</th>
                <th scope="col">{t('account.sessionDevice')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr>
                  <td>{f.dateTime(s.last_seen_at as Date)}</td>
                  <td>
                    {String(s.user_agent ?? '—').slice(0, 60)}
                    {s.token_hash === current ? ` (${t('account.thisDevice')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <PostForm action="/account/signout-everywhere" csrf={c.get('csrf')}>
          <button type="submit">{t('account.signoutEverywhere')}</button>
        </PostForm>
        <h2>{t('account.myData')}</h2>
        <p>{t('account.myDataIntro')}</p>
        <p>
          <a href="/account/data">{t('privacy.myData.open')}</a>
        </p>
        <p>
          <a href="/account/data.json" download>
            {t('account.myDataDownload')}
          </a>
        </p>
      </Layout>,
    );
  });

  route(app, 'POST', '/account/language', 'account.self', async (c) => {
    const form = await c.req.parseBody();
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const locale = form.locale === 'en' ? 'en' : 'fr';
    await c.get('services').database.db.updateTable('users').set({ locale }).where('id', '=', actor.userId).execute();
    return c.redirect('/account?saved=1', 303);
  });

  route(app, 'POST', '/account/signout-everywhere', 'account.self', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { db } = c.get('services').database;
    await destroyUserSessions(db, actor.userId, c.get('session')?.token_hash);
    await audit(db, { action: 'auth.signout_everywhere', actor });
    return c.redirect('/account?saved=1', 303);
  });
}
