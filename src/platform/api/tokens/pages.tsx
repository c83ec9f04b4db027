import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import type { AppEnv } from '../../http/env.js';
import { HttpError } from '../../http/errors.js';
import { route } from '../../http/routes.js';
import { addAdminLink } from '../../ui/admin-links.js';
import { type FieldErrors, fieldErrors } from '../../ui/form.js';
import { createApiToken, grantableScopes, listApiTokens, revokeApiToken } from './commands.js';
import { TokensPage } from './view.js';

const PATH = '/admin/api-tokens';
// The secret crosses the redirect in a short-lived cookie bound to this page, read once then dropped.
const FLASH = 'palier_new_token';

const CreateForm = z.object({
  name: z.string().trim().min(1, 'apiTokens.name.required').max(80, 'apiTokens.name.tooLong'),
  scopes: z.array(z.string()).min(1, 'apiTokens.scopes.invalid'),
});

let linked = false;

async function render(c: Context<AppEnv>, opts: { status?: 200 | 422; errors?: FieldErrors; values?: { name?: string; scopes?: string[] } } = {}) {
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const tokens = await listApiTokens(c.get('services').database.db, actor);
  let secret: string | null = null;
  const flash = getCookie(c, FLASH);
  if (flash) {
    deleteCookie(c, FLASH, { path: PATH });
    secret = flash;
  }
  const revokedId = c.req.query('revoked');
  const revoked = revokedId ? tokens.find((t) => t.id === revokedId && t.revoked_at) : undefined;
  c.header('cache-control', 'no-store');
  c.status(opts.status ?? 200);
  return c.html(
    <TokensPage c={c} tokens={tokens} scopes={grantableScopes(actor)} secret={secret} revokedName={revoked?.name ?? null} errors={opts.errors ?? {}} values={opts.values ?? {}} />,
  );
}

/** /admin/api-tokens: list, create (secret shown once), revoke; every change audited by the commands. */
export function registerApiTokenPages(app: Hono<AppEnv>): void {
  if (!linked) {
    linked = true;
    addAdminLink({ href: PATH, label: 'admin.apiTokens', permission: 'api_tokens.manage' });
  }

  route(app, 'GET', PATH, 'api_tokens.manage', (c) => render(c));

  route(app, 'POST', PATH, 'api_tokens.manage', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const raw = { name: typeof body.name === 'string' ? body.name : '', scopes: ([] as unknown[]).concat(body.scopes ?? []).filter((s): s is string => typeof s === 'string') };
    const parsed = CreateForm.safeParse(raw);
    if (!parsed.success) return render(c, { status: 422, errors: fieldErrors(parsed.error.issues), values: raw });
    try {
      const { secret } = await createApiToken(c.get('services').database.db, actor, parsed.data);
      const production = c.get('services').config.env === 'production';
      setCookie(c, FLASH, secret, { path: PATH, httpOnly: true, sameSite: 'Strict', secure: production, maxAge: 300 });
      return c.redirect(PATH, 303);
    } catch (e) {
      if (e instanceof HttpError && e.status === 422) return render(c, { status: 422, errors: { scopes: e.message }, values: raw });
      throw e;
    }
  });

  route(app, 'POST', `${PATH}/:id/revoke`, 'api_tokens.manage', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const id = c.req.param('id') ?? '';
    try {
      await revokeApiToken(c.get('services').database.db, actor, id);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) {
        // Probing other organisations' token ids is worth knowing about.
        await audit(c.get('services').database.db, { action: 'api_token.revoke_refused', actor, targetType: 'api_token', targetId: id.slice(0, 40) });
        return c.notFound();
      }
      throw e;
    }
    return c.redirect(`${PATH}?revoked=${encodeURIComponent(id)}`, 303);
  });
}
