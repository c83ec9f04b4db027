import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Decision } from '../access/authorize.js';
import type { AppEnv } from '../http/env.js';
import { errorPage } from '../http/errors.js';
import { route } from '../http/routes.js';
import { ErrorSummary, Field, type FieldErrors, fieldErrors, PostForm } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { TableWrap } from '../ui/table.js';
import { activationLetter, createResident, ISSUE_PERMISSION, isPhone, issueActivationCode, listResidents, type ResidentRow } from './activation.js';
import { LetterPage } from './activation-letter.js';

const LETTER_COOKIE = 'palier_letter';

const residentSchema = z.object({
  household: z.string().trim().min(1, 'form.required').max(100, 'form.invalid'),
  name: z.string().trim().min(1, 'form.required').max(120, 'form.invalid'),
  phone: z
    .string()
    .trim()
    .max(40, 'form.invalid')
    .refine((v) => v === '' || isPhone(v), 'activation.phoneInvalid'),
});

function refuse(c: Context<AppEnv>, decision: Decision) {
  return errorPage(c, decision === 'forbidden' ? 403 : 404);
}

/** Staff find a resident (or add one without e-mail), issue a code and print the letter. */
export function registerActivationPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/activation', ISSUE_PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const rows = await listResidents(c.get('services').database.db, actor, q);
    return c.html(<ActivationPage c={c} q={q} rows={rows} values={{}} errors={{}} />);
  });

  route(app, 'POST', '/admin/activation/residents', ISSUE_PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const form = await c.req.parseBody();
    const values = { household: String(form.household ?? ''), name: String(form.name ?? ''), phone: String(form.phone ?? '') };
    const parsed = residentSchema.safeParse(values);
    const { db } = c.get('services').database;
    const result = parsed.success
      ? await createResident(db, actor, { displayName: parsed.data.name, phone: parsed.data.phone, householdReference: parsed.data.household })
      : { ok: false as const, errors: fieldErrors(parsed.error.issues) };
    if (!result.ok && 'decision' in result) return refuse(c, result.decision);
    if (!result.ok) {
      c.status(422);
      return c.html(<ActivationPage c={c} q="" rows={await listResidents(db, actor, '')} values={values} errors={result.errors} />);
    }
    return c.redirect(`/admin/activation?q=${encodeURIComponent(values.name.trim())}`, 303);
  });

  route(app, 'POST', '/admin/activation/:userId/code', ISSUE_PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const userId = c.req.param('userId') ?? '';
    const result = await issueActivationCode(c.get('services').database.db, actor, userId);
    if (!result.ok) return refuse(c, result.decision);
    // Only the code's hash is stored; the clear code waits in this browser long enough to print (and reprint) the letter.
    setCookie(c, LETTER_COOKIE, result.code, {
      path: '/admin/activation',
      httpOnly: true,
      sameSite: 'Strict',
      secure: c.get('services').config.env === 'production',
      maxAge: 15 * 60,
    });
    return c.redirect(`/admin/activation/${userId}/letter`, 303);
  });

  route(app, 'GET', '/admin/activation/:userId/letter', ISSUE_PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const letter = await activationLetter(c.get('services').database.db, actor, (c.req.param('userId') ?? ''), getCookie(c, LETTER_COOKIE) ?? '');
    if (typeof letter === 'string') return refuse(c, letter);
    c.header('Cache-Control', 'no-store');
    return c.html(<LetterPage c={c} letter={letter} />);
  });
}

type Values = { household?: string; name?: string; phone?: string };

function ActivationPage(props: { c: Context<AppEnv>; q: string; rows: ResidentRow[]; values: Values; errors: FieldErrors }) {
  const { c, rows, values, errors } = props;
  const t = c.get('t');
  return (
    <Layout c={c} title={t('activation.admin.title')}>
      <h1>{t('activation.admin.title')}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ household: t('activation.admin.household'), name: t('activation.admin.name'), phone: t('activation.phone') }} />
      <p>{t('activation.admin.intro')}</p>
      <form method="get" action="/admin/activation" role="search">
        <label for="f-q">{t('activation.admin.search')}</label>
        <input id="f-q" type="search" name="q" value={props.q} />
        <button type="submit">{t('activation.admin.searchButton')}</button>
      </form>
      {rows.length === 0 ? (
        <p role="status">{t('activation.admin.none')}</p>
      ) : (
        <TableWrap label={t('activation.admin.residents')}>
          <table>
            <caption>{t('activation.admin.residents')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('activation.admin.name')}</th>
                <th scope="col">{t('activation.admin.household')}</th>
                <th scope="col">{t('activation.admin.account')}</th>
                <th scope="col">{t('activation.admin.action')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    {r.display_name}
                    {r.phone && <span class="hint">{r.phone}</span>}
                  </td>
                  <td>
                    {r.household_name ?? '—'} {r.household_reference && <span class="hint">{r.household_reference}</span>}
                  </td>
                  <td>{r.activated ? t('activation.admin.active') : t('activation.admin.notActive')}</td>
                  <td>
                    <PostForm action={`/admin/activation/${r.id}/code`} csrf={c.get('csrf')}>
                      <button type="submit" aria-label={t('activation.admin.issueFor', { name: r.display_name })}>
                        {t('activation.admin.issue')}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('activation.admin.addTitle')}</h2>
      <p>{t('activation.admin.addIntro')}</p>
      <PostForm action="/admin/activation/residents" csrf={c.get('csrf')}>
        <Field t={t} name="household" label={t('activation.admin.household')} hint={t('activation.admin.householdHint')} value={values.household} error={errors.household} required />
        <Field t={t} name="name" label={t('activation.admin.name')} value={values.name} error={errors.name} autocomplete="off" required />
        <Field t={t} name="phone" type="tel" label={t('activation.phone')} hint={t('activation.admin.phoneHint')} value={values.phone} error={errors.phone} inputmode="tel" />
        <button type="submit">{t('activation.admin.add')}</button>
      </PostForm>
    </Layout>
  );
}
