import type { Hono } from 'hono';
import { isStaff } from '../access/actor.js';
import { PUBLIC } from '../access/authorize.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { Layout } from '../ui/layout.js';
import { visibleNavigation } from '../ui/navigation.js';

/** One address for everyone: the public welcome, the resident home or the staff dashboard. */
export function registerHomePage(app: Hono<AppEnv>): void {
  route(app, 'GET', '/', PUBLIC, async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) {
      return c.html(
        <Layout c={c} title={t('home.public.title')}>
          <h1>{t('home.public.title')}</h1>
          <p>{t('home.public.intro')}</p>
          <p>
            <a class="button" href="/signin">
              {t('shell.signin')}
            </a>
          </p>
        </Layout>,
      );
    }
    const staff = isStaff(actor) && !actor.actingFor;
    const title = staff ? t('home.staff.title') : t('home.resident.title', { name: actor.actingFor?.displayName ?? actor.displayName });
    const panels = (await visibleNavigation(c, actor)).filter((n) => n.href !== '/');
    return c.html(
      <Layout c={c} title={title}>
        <h1>{title}</h1>
        {panels.length > 0 ? (
          <ul class="panels">
            {panels.map((p) => (
              <li>
                <a href={p.href}>{t(p.label)}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{staff ? t('home.staff.empty') : t('home.resident.empty')}</p>
        )}
      </Layout>,
    );
  });
}
