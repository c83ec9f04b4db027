import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { CheckBox, ErrorSummary, Field, fieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { savePlan } from '../commands/manage-plans.js';
import { FieldError } from '../errors.js';
import { type FormValues, planFormValues, plansForManagement } from '../queries/offer-admin.js';
import { isUuid } from '../schemas.js';
import { planSchema } from '../schemas-offer.js';
import { type Ctx, failure, formOf, Notice, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

type Errors = Record<string, string>;
const dbOf = (c: Ctx) => c.get('services').database.db;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

async function planList(c: Ctx) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const f = formatters(c.get('locale'));
  const en = c.get('locale') === 'en';
  const rows = await withTenant(dbOf(c), { orgId: desk.organisation_id }, (tx) => plansForManagement(tx, desk.id));
  return c.html(
    <Layout c={c} title={t('concierge.plans.title')}>
      <h1>{t('concierge.plans.title')}</h1>
      <Notice c={c} keyName={c.req.query('done') === 'saved' ? 'concierge.manage.notice.saved' : undefined} />
      <p>{t('concierge.plans.intro')}</p>
      <p>
        <a class="button" href="/concierge/desk/plans/new">
          {t('concierge.plans.add')}
        </a>
      </p>
      <TableWrap label={t('concierge.plans.title')}>
        <table>
          <caption>{t('concierge.plans.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('concierge.plans.name')}</th>
              <th scope="col">{t('concierge.plans.monthlyFee')}</th>
              <th scope="col">{t('concierge.plans.tenantShare')}</th>
              <th scope="col">{t('concierge.plans.landlordShare')}</th>
              <th scope="col">{t('concierge.plans.subscribers')}</th>
              <th scope="col">{t('concierge.plans.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr>
                <th scope="row">
                  <a href={`/concierge/desk/plans/${p.id}`}>{en ? p.name_en : p.name_fr}</a>
                </th>
                <td>{f.money(p.monthly_fee_cents)}</td>
                <td>{f.money(p.tenant_share_cents)}</td>
                <td>{f.money(p.monthly_fee_cents - p.tenant_share_cents)}</td>
                <td>{p.subscribers}</td>
                <td>{t(p.active ? 'concierge.plans.offered' : 'concierge.plans.withdrawn')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        <a href="/concierge/desk">{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

async function planForm(c: Ctx, id: string | null, values?: FormValues, errors: Errors = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk || (id !== null && !isUuid(id))) return errorPage(c, 404);
  const stored = id ? await withTenant(dbOf(c), { orgId: desk.organisation_id }, (tx) => planFormValues(tx, desk.id, id)) : {};
  if (!stored) return errorPage(c, 404);
  const v = values ?? stored;
  const labels: Errors = {
    code: t('concierge.manage.service.code'),
    nameFr: t('concierge.manage.service.nameFr'),
    nameEn: t('concierge.manage.service.nameEn'),
    monthlyFee: t('concierge.plans.monthlyFee'),
    tenantShare: t('concierge.plans.tenantShare'),
  };
  if (Object.keys(errors).length) c.status(errors.code === 'concierge.error.planCodeTaken' || Object.values(errors).includes('concierge.error.planInUse') ? 409 : 422);
  const title = t(id ? 'concierge.plans.edit' : 'concierge.plans.new');
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {id && <p>{t('concierge.plans.fixed')}</p>}
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action={id ? `/concierge/desk/plans/${id}` : '/concierge/desk/plans/new'} csrf={c.get('csrf')}>
        <Field t={t} name="code" label={labels.code} hint={t('concierge.manage.service.codeHint')} value={one(v.code)} error={errors.code} autocomplete="off" />
        <Field t={t} name="nameFr" label={labels.nameFr} value={one(v.nameFr)} error={errors.nameFr} />
        <Field t={t} name="nameEn" label={labels.nameEn} value={one(v.nameEn)} error={errors.nameEn} />
        <Field t={t} name="monthlyFee" label={labels.monthlyFee} hint={t('concierge.plans.monthlyFeeHint')} value={one(v.monthlyFee)} error={errors.monthlyFee} autocomplete="off" />
        <Field t={t} name="tenantShare" label={labels.tenantShare} hint={t('concierge.plans.tenantShareHint')} value={one(v.tenantShare)} error={errors.tenantShare} autocomplete="off" />
        <CheckBox name="active" label={t('concierge.plans.active')} checked={id || values ? one(v.active) === 'on' : true} />
        <button type="submit">{t('concierge.manage.save')}</button>
      </PostForm>
      <p>
        <a href="/concierge/desk/plans">{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

/** The concierge manages its subscription plans: names, monthly fee and the tenant's share (the landlord pays the rest). */
export function registerPlanPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/plans', 'concierge.staff', planList);
  route(app, 'GET', '/concierge/desk/plans/new', 'concierge.staff', (c) => planForm(c, null));
  route(app, 'GET', '/concierge/desk/plans/:id', 'concierge.staff', (c) => planForm(c, param(c, 'id')));
  const save = async (c: Ctx, id: string | null) => {
    const form = await formOf(c);
    const parsed = planSchema.safeParse(form);
    if (!parsed.success) return planForm(c, id, form, fieldErrors(parsed.error.issues));
    try {
      await savePlan(dbOf(c), c.get('actor') as Actor, id, parsed.data);
      return c.redirect('/concierge/desk/plans?done=saved', 303);
    } catch (e) {
      if (e instanceof FieldError) return planForm(c, id, form, { [e.field]: e.key });
      return failure(c, e, '/concierge/desk/plans');
    }
  };
  route(app, 'POST', '/concierge/desk/plans/new', 'concierge.staff', (c) => save(c, null));
  route(app, 'POST', '/concierge/desk/plans/:id', 'concierge.staff', (c) => save(c, param(c, 'id')));
}
