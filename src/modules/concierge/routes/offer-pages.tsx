import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { addProviderDocument, saveProvider, saveService } from '../commands/manage-offer.js';
import { FieldError } from '../errors.js';
import { coveredResidences, listCatalogue, listPlans, listProviders } from '../queries/offer.js';
import { type FormValues, providerFormValues, providersForManagement, serviceFormValues } from '../queries/offer-admin.js';
import { isUuid } from '../schemas.js';
import { documentSchema, providerSchema, serviceSchema } from '../schemas-offer.js';
import { ProviderTable, ServiceTable } from '../views/offer-lists.js';
import { ProviderDocuments, ProviderForm } from '../views/provider-form.js';
import { ServiceForm } from '../views/service-form.js';
import { type Ctx, failure, formWithLists, Notice, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

type Errors = Record<string, string>;
const dbOf = (c: Ctx) => c.get('services').database.db;

function page(c: Ctx, title: string, body: unknown, errors: Errors = {}) {
  if (Object.keys(errors).length) c.status(errors.code === 'concierge.error.codeTaken' || errors.name === 'concierge.error.nameTaken' ? 409 : 422);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <Notice c={c} keyName={done === 'saved' || done === 'document' ? `concierge.manage.notice.${done}` : undefined} />
      {body as never}
    </Layout>,
  );
}

async function serviceList(c: Ctx) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const items = await withTenant(dbOf(c), { orgId: desk.organisation_id }, (tx) => listCatalogue(tx, desk.id, { activeOnly: false }));
  return page(
    c,
    t('concierge.manage.catalogue.title'),
    <>
      <p>{t('concierge.manage.catalogue.intro')}</p>
      <p>
        <a class="button" href="/concierge/desk/catalogue/new">
          {t('concierge.manage.catalogue.add')}
        </a>
      </p>
      <ServiceTable c={c} items={items} />
      <p>
        <a href="/concierge/desk">{t('concierge.back')}</a>
      </p>
    </>,
  );
}

async function serviceForm(c: Ctx, id: string | null, values?: FormValues, errors: Errors = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk || (id !== null && !isUuid(id))) return errorPage(c, 404);
  const data = await withTenant(dbOf(c), { orgId: desk.organisation_id }, async (tx) => ({
    providers: await listProviders(tx, desk.id),
    plans: await listPlans(tx, desk.id),
    stored: id ? await serviceFormValues(tx, desk.id, id) : {},
  }));
  if (!data.stored) return errorPage(c, 404);
  const residences = await coveredResidences(dbOf(c), desk);
  const action = id ? `/concierge/desk/catalogue/${id}` : '/concierge/desk/catalogue/new';
  return page(
    c,
    t(id ? 'concierge.manage.service.edit' : 'concierge.manage.service.new'),
    <>
      {id && <p>{t('concierge.manage.service.frozen')}</p>}
      <ServiceForm c={c} action={action} values={values ?? data.stored} errors={errors} providers={data.providers} plans={data.plans} residences={residences} />
      <p>
        <a href="/concierge/desk/catalogue">{t('concierge.back')}</a>
      </p>
    </>,
    errors,
  );
}

async function providerPage(c: Ctx, id: string | null, form?: { values: FormValues; errors: Errors }, doc?: { values: FormValues; errors: Errors }) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk || (id !== null && !isUuid(id))) return errorPage(c, 404);
  const stored = id ? await withTenant(dbOf(c), { orgId: desk.organisation_id }, (tx) => providerFormValues(tx, desk.id, id)) : { values: {}, documents: [], name: '' };
  if (!stored) return errorPage(c, 404);
  const action = id ? `/concierge/desk/providers/${id}` : '/concierge/desk/providers/new';
  return page(
    c,
    id ? stored.name : t('concierge.manage.provider.new'),
    <>
      <ProviderForm c={c} action={action} values={form?.values ?? stored.values} errors={form?.errors ?? {}} />
      {id && <ProviderDocuments c={c} action={`/concierge/desk/providers/${id}/documents`} documents={stored.documents} values={doc?.values ?? {}} errors={doc?.errors ?? {}} />}
      <p>
        <a href="/concierge/desk/providers">{t('concierge.back')}</a>
      </p>
    </>,
    { ...form?.errors, ...doc?.errors },
  );
}

async function providerList(c: Ctx) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const rows = await withTenant(dbOf(c), { orgId: desk.organisation_id }, (tx) => providersForManagement(tx, desk.id));
  return page(
    c,
    t('concierge.manage.providers.title'),
    <>
      <p>{t('concierge.manage.providers.intro')}</p>
      <p>
        <a class="button" href="/concierge/desk/providers/new">
          {t('concierge.manage.providers.add')}
        </a>
      </p>
      <ProviderTable c={c} rows={rows} />
      <p>
        <a href="/concierge/desk">{t('concierge.back')}</a>
      </p>
    </>,
  );
}

/** The concierge manages its catalogue and its providers (with their documents). */
export function registerOfferPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/catalogue', 'concierge.staff', serviceList);
  route(app, 'GET', '/concierge/desk/catalogue/new', 'concierge.staff', (c) => serviceForm(c, null));
  route(app, 'GET', '/concierge/desk/catalogue/:id', 'concierge.staff', (c) => serviceForm(c, param(c, 'id')));
  const saveServiceRoute = async (c: Ctx, id: string | null) => {
    const form = await formWithLists(c);
    const parsed = serviceSchema.safeParse(form);
    if (!parsed.success) return serviceForm(c, id, form, fieldErrors(parsed.error.issues));
    try {
      await saveService(dbOf(c), c.get('actor') as Actor, id, parsed.data);
      return c.redirect('/concierge/desk/catalogue?done=saved', 303);
    } catch (e) {
      if (e instanceof FieldError) return serviceForm(c, id, form, { [e.field]: e.key });
      return failure(c, e, '/concierge/desk/catalogue');
    }
  };
  route(app, 'POST', '/concierge/desk/catalogue/new', 'concierge.staff', (c) => saveServiceRoute(c, null));
  route(app, 'POST', '/concierge/desk/catalogue/:id', 'concierge.staff', (c) => saveServiceRoute(c, param(c, 'id')));

  route(app, 'GET', '/concierge/desk/providers', 'concierge.staff', providerList);
  route(app, 'GET', '/concierge/desk/providers/new', 'concierge.staff', (c) => providerPage(c, null));
  route(app, 'GET', '/concierge/desk/providers/:id', 'concierge.staff', (c) => providerPage(c, param(c, 'id')));
  const saveProviderRoute = async (c: Ctx, id: string | null) => {
    const form = await formWithLists(c);
    const parsed = providerSchema.safeParse(form);
    if (!parsed.success) return providerPage(c, id, { values: form, errors: fieldErrors(parsed.error.issues) });
    try {
      const saved = await saveProvider(dbOf(c), c.get('actor') as Actor, id, parsed.data);
      return c.redirect(`/concierge/desk/providers/${saved}?done=saved`, 303);
    } catch (e) {
      if (e instanceof FieldError) return providerPage(c, id, { values: form, errors: { [e.field]: e.key } });
      return failure(c, e, '/concierge/desk/providers');
    }
  };
  route(app, 'POST', '/concierge/desk/providers/new', 'concierge.staff', (c) => saveProviderRoute(c, null));
  route(app, 'POST', '/concierge/desk/providers/:id', 'concierge.staff', (c) => saveProviderRoute(c, param(c, 'id')));
  route(app, 'POST', '/concierge/desk/providers/:id/documents', 'concierge.staff', async (c) => {
    const id = param(c, 'id');
    const form = await formWithLists(c);
    const parsed = documentSchema.safeParse(form);
    if (!parsed.success) return providerPage(c, id, undefined, { values: form, errors: fieldErrors(parsed.error.issues) });
    try {
      await addProviderDocument(dbOf(c), c.get('actor') as Actor, id, parsed.data);
      return c.redirect(`/concierge/desk/providers/${id}?done=document`, 303);
    } catch (e) {
      return failure(c, e, '/concierge/desk/providers');
    }
  });
}
