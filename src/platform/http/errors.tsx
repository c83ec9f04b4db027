import type { Context } from 'hono';
import { Layout } from '../ui/layout.js';
import type { AppEnv } from './env.js';

/** An error page that says what happened in the user's words and leaks nothing of the inside. */
export function errorPage(c: Context<AppEnv>, status: 403 | 404 | 413 | 500) {
  const t = c.get('t');
  if (c.req.path.startsWith('/api/')) return c.json({ error: t(`error.${status}.title`) }, status);
  c.status(status);
  return c.html(
    <Layout c={c} title={t(`error.${status}.title`)}>
      <h1>{t(`error.${status}.title`)}</h1>
      {status !== 413 && <p>{t(`error.${status}.body`)}</p>}
      <p>
        <a href="/">{t('shell.home')}</a>
      </p>
    </Layout>,
  );
}

/** Thrown by commands; routes turn it into the right status. */
export class HttpError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    message = '',
  ) {
    super(message);
  }
}
