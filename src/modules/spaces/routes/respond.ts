import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { SpacesError } from '../errors.js';

/** Zod issues → field → translated text (the first problem of each field). */
export function issuesToErrors(t: Translate, issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const name = String(i.path[0] ?? 'start');
    if (!out[name]) out[name] = t(i.message.includes('.') ? i.message : 'form.invalid');
  }
  return out;
}

/** A command's refusal as a field error, in the person's words. */
export function refusalToErrors(t: Translate, e: SpacesError): Record<string, string> {
  // The idempotency key is a hidden field: its refusal (the form sent again with another slot) shows at the start.
  const field = e.field === 'idempotencyKey' ? 'start' : (e.field ?? 'start');
  return { [field]: t(e.code, e.values) };
}

/** 403/404 refusals become the platform's error page; others are for the form to show. */
export function pageForRefusal(c: Context<AppEnv>, e: unknown): Response | Promise<Response> | null {
  if (!(e instanceof SpacesError)) throw e;
  if (e.status === 404) return errorPage(c, 404);
  if (e.status === 403) return errorPage(c, 403);
  return null;
}
