import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { FieldError } from '../errors.js';

export type Ctx = Context<AppEnv>;

export async function formOf(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A form whose repeated fields (checkboxes) are kept as lists. */
export async function formWithLists(c: Ctx): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** Errors a command threw that are not a field's: 404, 403, or a conflict explained on its own page. */
export function failure(c: Ctx, e: unknown, back: string) {
  if (!(e instanceof HttpError) || e instanceof FieldError) throw e;
  if (e.status === 404 || e.status === 403) return errorPage(c, e.status);
  const t = c.get('t');
  c.status(e.status);
  return c.html(
    <Layout c={c} title={t('concierge.conflict.title')}>
      <h1>{t('concierge.conflict.title')}</h1>
      <p role="alert">{t(e.message || 'concierge.conflict.body')}</p>
      <p>
        <a href={back}>{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

/** A price for people: the gross amount per unit (VAT included), in the page's language. */
export function unitPrice(c: Ctx, cents: number, vatRateBp: number, unit: string): string {
  const f = formatters(c.get('locale'));
  const gross = cents + Math.round((cents * vatRateBp) / 10_000);
  return c.get('t')('concierge.price.perUnit', {
    price: f.money(gross),
    unit: c.get('t')(`concierge.unit.${unit}`),
  });
}

export const nameIn = (c: Ctx, row: { name_fr: string; name_en: string }) => (c.get('locale') === 'en' ? row.name_en : row.name_fr);

export function StatusBadge(props: { c: Ctx; status: string; late?: boolean }) {
  const t = props.c.get('t');
  return (
    <span class={`badge badge-${props.status}`}>
      {t(`concierge.status.${props.status}`)}
      {props.late ? ` — ${t('concierge.late')}` : ''}
    </span>
  );
}

export function Notice(props: { c: Ctx; keyName?: string; values?: Record<string, string | number> }) {
  if (!props.keyName) return null;
  return (
    <p class="notice" role="status">
      {props.c.get('t')(props.keyName, props.values)}
    </p>
  );
}

/** A path parameter of the matched route ('' when absent, which no lookup matches). */
export const param = (c: Ctx, name: string): string => c.req.param(name) ?? '';
