import type { Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { Actor } from '../access/actor.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { disableTotp, type MfaState, mfaRequired, mfaState, regenerateRecoveryCodes } from './mfa.js';
import { beginTotp, confirmTotp } from './second-factor.js';
import { totpUri } from './totp.js';

const SELF = 'account.self';
// Keys and codes are long unbroken strings: they must wrap on a 360 px screen.
const KEY_CSS = '.key code,.codes code{word-break:break-all;font-size:1.125rem}';

/** My account → second factor: enrol (key as text, confirm with a code), recovery codes, turn off. */
export function registerMfaPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/account/mfa', SELF, async (c) => {
    const actor = c.get('actor') as Actor;
    const state = await mfaState(c.get('services').database.db, actor.userId);
    return c.html(<MfaPage c={c} state={state} errors={{}} notice={c.req.query('done')} />);
  });

  route(app, 'POST', '/account/mfa/begin', SELF, async (c) => {
    const actor = c.get('actor') as Actor;
    const { db } = c.get('services').database;
    if (!(await mfaState(db, actor.userId)).enabled) await beginTotp(db, actor.userId);
    return c.redirect('/account/mfa', 303);
  });

  route(app, 'POST', '/account/mfa/confirm', SELF, async (c) => {
    const actor = c.get('actor') as Actor;
    const { db } = c.get('services').database;
    const form = await c.req.parseBody();
    const codes = await confirmTotp(db, actor.userId, String(form.confirm_code ?? '').slice(0, 20));
    if (!codes) {
      c.status(422);
      return c.html(<MfaPage c={c} state={await mfaState(db, actor.userId)} errors={{ confirm_code: 'mfa.failed' }} />);
    }
    return codesPage(c, codes);
  });

  route(app, 'POST', '/account/mfa/recovery', SELF, async (c) => {
    const actor = c.get('actor') as Actor;
    const { db } = c.get('services').database;
    const form = await c.req.parseBody();
    const codes = await regenerateRecoveryCodes(db, actor, String(form.recovery_code ?? '').slice(0, 20));
    if (!codes) {
      c.status(422);
      return c.html(<MfaPage c={c} state={await mfaState(db, actor.userId)} errors={{ recovery_code: 'mfa.failed' }} />);
    }
    return codesPage(c, codes);
  });

  route(app, 'POST', '/account/mfa/disable', SELF, async (c) => {
    const actor = c.get('actor') as Actor;
    const { config, database } = c.get('services');
    const form = await c.req.parseBody();
    const result = await disableTotp(database.db, actor, String(form.disable_code ?? '').slice(0, 20), config.env === 'production');
    if (result !== 'ok') {
      c.status(result === 'mfa.failed' ? 422 : 403);
      return c.html(<MfaPage c={c} state={await mfaState(database.db, actor.userId)} errors={{ disable_code: result }} />);
    }
    return c.redirect('/account/mfa?done=disabled', 303);
  });
}

/**
 * Recovery codes are shown in the answer to the POST that made them, once: only their hashes are
 * kept, so no later GET could show them again. The page is not stored by the browser.
 */
function codesPage(c: Context<AppEnv>, codes: string[]) {
  const t = c.get('t');
  c.header('Cache-Control', 'no-store');
  return c.html(
    <Layout c={c} title={t('mfa.setup.codesTitle')}>
      <style nonce={c.get('secureHeadersNonce')}>{raw(KEY_CSS)}</style>
      <h1>{t('mfa.setup.codesTitle')}</h1>
      <p class="notice" role="status">
        {t('mfa.setup.codesIntro')}
      </p>
      <ul class="codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>{t('mfa.setup.codesOnce')}</p>
      <p>
        <a href="/account/mfa">{t('mfa.setup.codesDone')}</a>
      </p>
    </Layout>,
  );
}

function MfaPage(props: { c: Context<AppEnv>; state: MfaState; errors: FieldErrors; notice?: string }) {
  const { c, state, errors } = props;
  const t = c.get('t');
  const actor = c.get('actor') as Actor;
  const required = mfaRequired(actor, c.get('services').config.env === 'production');
  const labels = { confirm_code: t('mfa.setup.code'), recovery_code: t('mfa.setup.code'), disable_code: t('mfa.code') };
  return (
    <Layout c={c} title={t('account.mfa')}>
      <style nonce={c.get('secureHeadersNonce')}>{raw(KEY_CSS)}</style>
      <h1>{t('account.mfa')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {props.notice === 'disabled' && (
        <p class="notice" role="status">
          {t('mfa.setup.disabled')}
        </p>
      )}
      {required && !state.enabled && (
        <p class="notice" role="status">
          {t('mfa.setup.required')}
        </p>
      )}
      <p>{t('mfa.setup.why')}</p>
      {state.enabled ? (
        <>
          <p>
            <strong>{t('mfa.setup.on')}</strong> {t('mfa.setup.recoveryLeft', { count: state.recoveryLeft })}
          </p>
          <h2>{t('mfa.setup.newCodes')}</h2>
          <PostForm action="/account/mfa/recovery" csrf={c.get('csrf')}>
            <Field t={t} name="recovery_code" label={t('mfa.setup.code')} error={errors.recovery_code} autocomplete="one-time-code" inputmode="numeric" required />
            <button type="submit">{t('mfa.setup.newCodesButton')}</button>
          </PostForm>
          {!required && (
            <>
              <h2>{t('mfa.setup.disableTitle')}</h2>
              <PostForm action="/account/mfa/disable" csrf={c.get('csrf')}>
                <Field t={t} name="disable_code" label={t('mfa.code')} error={errors.disable_code} autocomplete="one-time-code" required />
                <button type="submit">{t('mfa.setup.disableButton')}</button>
              </PostForm>
            </>
          )}
        </>
      ) : state.pendingSecret ? (
        <Enrol c={c} secret={state.pendingSecret} error={errors.confirm_code} />
      ) : (
        <PostForm action="/account/mfa/begin" csrf={c.get('csrf')}>
          <button type="submit">{t('mfa.setup.start')}</button>
        </PostForm>
      )}
      <p>
        <a href="/account">{t('shell.account')}</a>
      </p>
    </Layout>
  );
}

function Enrol(props: { c: Context<AppEnv>; secret: string; error?: string }) {
  const { c, secret } = props;
  const t = c.get('t');
  const actor = c.get('actor') as Actor;
  return (
    <>
      <h2>{t('mfa.setup.stepsTitle')}</h2>
      <ol>
        <li>{t('mfa.setup.step1')}</li>
        <li>
          {t('mfa.setup.step2')}
          <p class="key">
            <code id="totp-secret">{secret.match(/.{1,4}/g)?.join(' ')}</code>
          </p>
          <p>{t('mfa.setup.uri')}</p>
          <p class="key">
            <code>{totpUri(secret, actor.displayName)}</code>
          </p>
        </li>
        <li>{t('mfa.setup.step3')}</li>
      </ol>
      <PostForm action="/account/mfa/confirm" csrf={c.get('csrf')}>
        <Field t={t} name="confirm_code" label={t('mfa.setup.code')} error={props.error} autocomplete="one-time-code" inputmode="numeric" required />
        <button type="submit">{t('mfa.setup.confirm')}</button>
      </PostForm>
    </>
  );
}
