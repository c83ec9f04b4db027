import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { isStaff } from '../access/actor.js';
import type { AppEnv } from '../http/env.js';
import type { Actor } from '../access/actor.js';
import { visibleNavigation } from './navigation.js';
import { STYLES } from './styles.js';

/** The navigation's entries (async: an entry may depend on the database, e.g. being in a network). */
async function NavItems(p: { c: Context<AppEnv>; actor: Actor }) {
  const t = p.c.get('t');
  const entries = await visibleNavigation(p.c, p.actor);
  return (
    <>
      {entries.map((n) => (
        <li>
          <a href={n.href}>{t(n.label)}</a>
        </li>
      ))}
    </>
  );
}

/** The page shell: skip link, landmarks, one h1 (given by the page), language switch, assisted-mode banner. */
export function Layout(props: { c: Context<AppEnv>; title: string; children: Child }) {
  const { c } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  const locale = c.get('locale');
  const nonce = c.get('secureHeadersNonce');
  const other = locale === 'fr' ? 'en' : 'fr';
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale} dir="ltr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} — ${t('app.name')}`}</title>
          <style nonce={nonce}>{raw(STYLES)}</style>
        </head>
        <body>
          <a class="skip" href="#main">
            {t('shell.skip')}
          </a>
          <header class="top">
            <a class="brand" href="/">
              {t('app.name')}
            </a>
            <nav aria-label={t('shell.nav')}>
              <ul>
                {actor && <NavItems c={c} actor={actor} />}
                <li>
                  <form method="post" action="/language">
                    <input type="hidden" name="_csrf" value={c.get('csrf')} />
                    <input type="hidden" name="locale" value={other} />
                    <input type="hidden" name="next" value={c.req.path} />
                    <button type="submit" class="link" lang={other}>
                      {t('shell.language')}
                    </button>
                  </form>
                </li>
                {actor ? (
                  <li>
                    <form method="post" action="/signout">
                      <input type="hidden" name="_csrf" value={c.get('csrf')} />
                      <button type="submit" class="link">
                        {t('shell.signout')}
                      </button>
                    </form>
                  </li>
                ) : (
                  <li>
                    <a href="/signin">{t('shell.signin')}</a>
                  </li>
                )}
              </ul>
            </nav>
          </header>
          {actor?.actingFor && isStaff(actor) && (
            <div class="acting" role="status">
              <p>{t('shell.actingFor', { name: actor.actingFor.displayName })}</p>
              <form method="post" action="/assist/stop">
                <input type="hidden" name="_csrf" value={c.get('csrf')} />
                <button type="submit">{t('shell.stopActing')}</button>
              </form>
            </div>
          )}
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer>
            <p>{t('shell.footer')}</p>
          </footer>
        </body>
      </html>
    </>
  );
}
