import type { Context, Hono } from 'hono';
import { audit } from '../audit/audit.js';
import type { AppEnv } from '../http/env.js';
import { errorPage, HttpError } from '../http/errors.js';
import { route } from '../http/routes.js';
import { collectAccountData } from '../pages/my-data.js';
import { ErrorSummary, Field, type FieldErrors, fieldErrors, PostForm, SelectField, TextArea } from '../ui/form.js';
import { Layout } from '../ui/layout.js';
import { TableWrap } from '../ui/table.js';
import { isOverdue, parisToday } from './deadline.js';
import { answerInput, answerRequest, findRequest, KINDS, listRequests, newRequestInput, PERMISSION, type RequestRow, recordRequest, STATUSES } from './requests.js';

const BASE = '/admin/privacy';

/** A command's refusal: 403/404 pages; a 422 names its field as "field:key". */
function refusal(c: Context<AppEnv>, e: unknown): { page: Response | Promise<Response> } | { errors: FieldErrors } {
  if (e instanceof HttpError && (e.status === 403 || e.status === 404)) return { page: errorPage(c, e.status) };
  if (e instanceof HttpError && e.status === 422) {
    const [field, key] = e.message.split(':');
    return { errors: { [field]: key } };
  }
  throw e;
}

/** The refusal page of a command that cannot fail on input. */
const refusalPage = (c: Context<AppEnv>, e: unknown) => {
  const r = refusal(c, e);
  if ('page' in r) return r.page;
  throw e;
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The data-protection officer's console: requests, their deadline and answer; the access export. */
export function registerPrivacyPages(app: Hono<AppEnv>): void {
  route(app, 'GET', BASE, PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const rows = await listRequests(c.get('services').database.db, actor);
    const today = parisToday();
    const overdue = rows.filter((r) => isOverdue(r, today)).length;
    return c.html(
      <Layout c={c} title={t('privacy.title')}>
        <h1>{t('privacy.title')}</h1>
        <p>{t('privacy.intro')}</p>
        <p>
          <a href={`${BASE}/requests/new`}>{t('privacy.new')}</a>
        </p>
        {rows.length === 0 ? (
          <p>{t('privacy.empty')}</p>
        ) : (
          <>
            <p class={overdue ? 'error' : undefined} role="status">
              {t('privacy.overdueCount', { count: overdue })}
            </p>
            <TableWrap label={t('privacy.title')}>
              <table>
                <caption>{t('privacy.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('privacy.col.person')}</th>
                    <th scope="col">{t('privacy.col.kind')}</th>
                    <th scope="col">{t('privacy.col.received')}</th>
                    <th scope="col">{t('privacy.col.due')}</th>
                    <th scope="col">{t('privacy.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>
                        <a href={`${BASE}/requests/${r.id}`}>{r.subject_name}</a>
                      </td>
                      <td>{t(`privacy.kind.${r.kind}`)}</td>
                      <td>{r.received_on}</td>
                      <td>
                        {r.due_on}
                        {isOverdue(r, today) && <strong class="error"> {t('privacy.overdue')}</strong>}
                      </td>
                      <td>{t(`privacy.status.${r.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </Layout>,
    );
  });

  const newForm = (c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: 200 | 422) => {
    const t = c.get('t');
    const labels = {
      subjectName: t('privacy.field.subjectName'),
      subjectEmail: t('privacy.field.subjectEmail'),
      kind: t('privacy.field.kind'),
      receivedOn: t('privacy.field.receivedOn'),
      details: t('privacy.field.details'),
    };
    c.status(status);
    return c.html(
      <Layout c={c} title={t('privacy.new')}>
        <h1>{t('privacy.new')}</h1>
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <PostForm action={`${BASE}/requests`} csrf={c.get('csrf')}>
          <Field t={t} name="subjectName" label={labels.subjectName} value={values.subjectName} error={errors.subjectName} autocomplete="off" required />
          <Field t={t} name="subjectEmail" type="email" label={labels.subjectEmail} hint={t('privacy.field.subjectEmailHint')} value={values.subjectEmail} error={errors.subjectEmail} autocomplete="off" />
          <SelectField t={t} name="kind" label={labels.kind} value={values.kind ?? ''} error={errors.kind} options={KINDS.map((k) => ({ value: k, label: t(`privacy.kind.${k}`) }))} />
          <Field t={t} name="receivedOn" type="date" label={labels.receivedOn} hint={t('privacy.field.receivedOnHint')} value={values.receivedOn ?? parisToday()} error={errors.receivedOn} required />
          <TextArea t={t} name="details" label={labels.details} hint={t('privacy.field.detailsHint')} value={values.details ?? ''} error={errors.details} />
          <button type="submit">{t('privacy.save')}</button>
        </PostForm>
      </Layout>,
    );
  };

  route(app, 'GET', `${BASE}/requests/new`, PERMISSION, (c) => newForm(c, {}, {}, 200));

  route(app, 'POST', `${BASE}/requests`, PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const form = await c.req.parseBody();
    const values = { subjectName: str(form.subjectName), subjectEmail: str(form.subjectEmail), kind: str(form.kind), receivedOn: str(form.receivedOn), details: str(form.details) };
    const parsed = newRequestInput.safeParse(values);
    if (!parsed.success) return newForm(c, values, fieldErrors(parsed.error.issues), 422);
    try {
      const id = await recordRequest(c.get('services').database.db, actor, parsed.data);
      return c.redirect(`${BASE}/requests/${id}?saved=1`, 303);
    } catch (e) {
      const r = refusal(c, e);
      return 'page' in r ? r.page : newForm(c, values, r.errors, 422);
    }
  });

  const show = (c: Context<AppEnv>, r: RequestRow, values: { status: string; identityChecked: boolean; answer: string }, errors: FieldErrors, status: 200 | 422) => {
    const t = c.get('t');
    const labels = { status: t('privacy.field.status'), identityChecked: t('privacy.field.identityChecked'), answer: t('privacy.field.answer') };
    const today = parisToday();
    c.status(status);
    return c.html(
      <Layout c={c} title={t('privacy.request.title', { name: r.subject_name })}>
        <p>
          <a href={BASE}>{t('privacy.request.back')}</a>
        </p>
        <h1>{t('privacy.request.title', { name: r.subject_name })}</h1>
        {c.req.query('saved') && (
          <p class="notice" role="status">
            {t(c.req.query('saved') === 'answer' ? 'privacy.updated' : 'privacy.saved')}
          </p>
        )}
        <dl>
          <dt>{t('privacy.col.kind')}</dt>
          <dd>{t(`privacy.kind.${r.kind}`)}</dd>
          <dt>{t('privacy.col.received')}</dt>
          <dd>{r.received_on}</dd>
          <dt>{t('privacy.col.due')}</dt>
          <dd>
            {r.due_on}
            {isOverdue(r, today) && <strong class="error"> {t('privacy.overdue')}</strong>}
          </dd>
          <dt>{t('privacy.col.status')}</dt>
          <dd>{t(`privacy.status.${r.status}`)}</dd>
          {r.answered_on && (
            <>
              <dt>{t('privacy.request.answeredOn')}</dt>
              <dd>{r.answered_on}</dd>
            </>
          )}
          <dt>{t('privacy.request.account')}</dt>
          <dd>{t(r.subject_user_id ? 'privacy.request.linked' : 'privacy.request.notLinked')}</dd>
          {r.details && (
            <>
              <dt>{t('privacy.field.details')}</dt>
              <dd>{r.details}</dd>
            </>
          )}
        </dl>
        {r.kind === 'access' && r.subject_user_id && (
          <p>
            <a href={`${BASE}/requests/${r.id}/export.json`} download>
              {t('privacy.request.export')}
            </a>
            <br />
            <span class="hint">{t('privacy.request.exportHint')}</span>
          </p>
        )}
        <h2>{t('privacy.request.answerTitle')}</h2>
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <PostForm action={`${BASE}/requests/${r.id}`} csrf={c.get('csrf')}>
          <SelectField t={t} name="status" label={labels.status} value={values.status} error={errors.status} options={STATUSES.map((s) => ({ value: s, label: t(`privacy.status.${s}`) }))} />
          <div>
            <label class="check">
              <input id="f-identityChecked" type="checkbox" name="identityChecked" value="1" checked={values.identityChecked} aria-invalid={errors.identityChecked ? 'true' : undefined} aria-describedby={errors.identityChecked ? 'f-identityChecked-error' : undefined} />
              <span>{labels.identityChecked}</span>
            </label>
            {errors.identityChecked && (
              <span class="error" id="f-identityChecked-error">
                {t(errors.identityChecked)}
              </span>
            )}
          </div>
          <TextArea t={t} name="answer" label={labels.answer} hint={t('privacy.field.answerHint')} value={values.answer} error={errors.answer} />
          <button type="submit">{t('privacy.save')}</button>
        </PostForm>
      </Layout>,
    );
  };

  route(app, 'GET', `${BASE}/requests/:id`, PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    try {
      const r = await findRequest(c.get('services').database.db, actor, c.req.param('id') ?? '');
      return show(c, r, { status: r.status, identityChecked: r.identity_checked, answer: r.answer }, {}, 200);
    } catch (e) {
      return refusalPage(c, e);
    }
  });

  route(app, 'POST', `${BASE}/requests/:id`, PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const db = c.get('services').database.db;
    const id = c.req.param('id') ?? '';
    try {
      // The record first: another organisation's or a missing id is 404 whatever the form says.
      const r = await findRequest(db, actor, id);
      const form = await c.req.parseBody();
      const values = { status: str(form.status), identityChecked: str(form.identityChecked) === '1', answer: str(form.answer) };
      const parsed = answerInput.safeParse(values);
      if (!parsed.success) return show(c, r, values, fieldErrors(parsed.error.issues), 422);
      await answerRequest(db, actor, id, parsed.data);
      return c.redirect(`${BASE}/requests/${id}?saved=answer`, 303);
    } catch (e) {
      return refusalPage(c, e);
    }
  });

  route(app, 'GET', `${BASE}/requests/:id/export.json`, PERMISSION, async (c) => {
    const actor = c.get('actor');
    if (!actor?.orgId) return c.notFound();
    const db = c.get('services').database.db;
    try {
      const r = await findRequest(db, actor, c.req.param('id') ?? '');
      if (r.kind !== 'access' || !r.subject_user_id) return errorPage(c, 404);
      const data = await collectAccountData(db, r.subject_user_id, { organisationId: actor.orgId });
      await audit(db, { action: 'privacy.access_export', actor, targetType: 'privacy_request', targetId: r.id });
      c.header('content-disposition', 'attachment; filename="palier-donnees-personne.json"');
      c.header('cache-control', 'no-store');
      return c.json(data);
    } catch (e) {
      return refusalPage(c, e);
    }
  });
}
