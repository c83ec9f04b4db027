import { pickLocale, translator } from '../i18n/index.js';

/**
 * The answer to a request that arrives while the process is stopping (after SIGTERM): requests already
 * in flight finish, new ones (on a connection still open) get 503 and the connection is closed, so the
 * load balancer sends them elsewhere. /readyz says "not ready" for the same reason.
 */
export function drainingAnswer(req: Request): Response {
  const path = new URL(req.url).pathname;
  const headers: Record<string, string> = { 'retry-after': '5', connection: 'close', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (path === '/readyz') return Response.json({ status: 'not_ready', reason: 'stopping' }, { status: 503, headers });
  const t = translator(pickLocale(null, req.headers.get('accept-language')));
  if (path.startsWith('/api/')) return Response.json({ error: t('error.503.title') }, { status: 503, headers });
  return new Response(`${t('error.503.title')}\n${t('error.503.body')}\n`, { status: 503, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
}
