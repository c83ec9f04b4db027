import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { removeResource } from '../commands/remove-resource.js';
import { addResource, updateResource } from '../commands/save-resource.js';
import { resourceInput } from '../config-schemas.js';
import { allResources, futureHeld } from '../db/config-db.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, withSpaceFor } from '../policy.js';
import { ResourceForm, type ResourceFormValues, RetireForm } from '../views/resource-form.js';
import { pageForRefusal } from './respond.js';

type State = { values?: ResourceFormValues; errors?: Record<string, string>; retireError?: string };

async function readForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody();
  const values: ResourceFormValues = { kind: String(form.kind ?? ''), name: String(form.name ?? ''), units: String(form.units ?? ''), peopleCapacity: String(form.peopleCapacity ?? ''), active: String(form.active ?? '') };
  const parsed = resourceInput.safeParse(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message.includes('.') ? i.message : 'form.invalid';
  return { values, errors, input: parsed.success ? parsed.data : null, active: values.active === 'on' };
}

/** Adding, changing and retiring a space's resources (programme manager). */
export function registerResourcePages(app: Hono<AppEnv>): void {
  const render = async (c: Context<AppEnv>, resourceId: string | null, state: State, status: 200 | 409 | 422) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { space, resource, ahead } = await withSpaceFor(c.get('services').database.db, actor, PERMISSIONS.configure, c.req.param('id') ?? '', async (tx, space) => {
      const resource = resourceId ? (await allResources(tx, space.id)).find((r) => r.id === resourceId) : undefined;
      if (resourceId && !resource) throw new SpacesError(404, 'error.404.title');
      return { space, resource, ahead: resource ? (await futureHeld(tx, space.id, new Date(), resource.id)).length : 0 };
    });
    const base = `/staff/spaces/${space.id}`;
    const title = resource ? t('spaces.config.resource.editTitle', { name: resource.name }) : t('spaces.config.resource.newTitle', { space: space.name });
    const values = state.values ?? (resource ? { kind: resource.kind, name: resource.name, units: String(resource.units), peopleCapacity: resource.peopleCapacity ? String(resource.peopleCapacity) : '', active: '' } : { kind: space.kind === 'coworking' ? 'seats' : space.kind === 'room' ? 'room' : 'item', name: '', units: '1', peopleCapacity: '' });
    c.status(status);
    return c.html(
      <Layout c={c} title={title}>
        <h1>{title}</h1>
        <p>
          <a href={`${base}/settings`}>{t('spaces.config.backToSettings', { name: space.name })}</a>
        </p>
        <ResourceForm t={t} csrf={c.get('csrf')} action={resource ? `${base}/resources/${resource.id}` : `${base}/resources`} values={values} errors={state.errors ?? {}} submitLabel={t(resource ? 'spaces.config.save' : 'spaces.config.addResource')} retired={resource ? !resource.active : false} />
        {resource?.active && (
          <>
            <h2>{t('spaces.config.retire.title')}</h2>
            <RetireForm t={t} csrf={c.get('csrf')} action={`${base}/resources/${resource.id}/remove`} ahead={ahead} error={state.retireError} />
          </>
        )}
      </Layout>,
    );
  };
  const refusal = (c: Context<AppEnv>, e: unknown) => pageForRefusal(c, e);

  route(app, 'GET', '/staff/spaces/:id/resources/new', 'spaces.configure', async (c) => {
    try {
      return await render(c, null, {}, 200);
    } catch (e) {
      return refusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'GET', '/staff/spaces/:id/resources/:rid', 'spaces.configure', async (c) => {
    try {
      return await render(c, c.req.param('rid') ?? '', {}, 200);
    } catch (e) {
      return refusal(c, e) ?? c.notFound();
    }
  });

  route(app, 'POST', '/staff/spaces/:id/resources', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const { values, errors, input } = await readForm(c);
    try {
      if (!input) return await render(c, null, { values, errors }, 422);
      await addResource(c.get('services').database.db, actor, c.req.param('id') ?? '', input);
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?resource=saved`, 303);
    } catch (e) {
      const page = refusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, null, { values, errors: { [err.field ?? 'name']: err.code } }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/resources/:rid', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const rid = c.req.param('rid') ?? '';
    const { values, errors, input, active } = await readForm(c);
    try {
      if (!input) return await render(c, rid, { values, errors }, 422);
      await updateResource(c.get('services').database.db, actor, c.req.param('id') ?? '', rid, { ...input, active });
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?resource=saved`, 303);
    } catch (e) {
      const page = refusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, rid, { values, errors: { [err.field ?? 'name']: err.code } }, 422);
    }
  });

  route(app, 'POST', '/staff/spaces/:id/resources/:rid/remove', 'spaces.configure', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const rid = c.req.param('rid') ?? '';
    const form = await c.req.parseBody();
    try {
      const r = await removeResource(c.get('services').database.db, actor, c.req.param('id') ?? '', rid, { cancelBookings: form.cancelBookings === 'on' });
      if (r.cancelled) deliverSoon(c.get('services'));
      return c.redirect(`/staff/spaces/${c.req.param('id')}/settings?resource=retired&cancelled=${r.cancelled}`, 303);
    } catch (e) {
      const page = refusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return render(c, rid, { retireError: c.get('t')(err.code, err.values) }, 409);
    }
  });
}
