import type { Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { attachSpaceTemplate, spaceFromPractice } from '../commands/practice-space.js';
import { createPractice, duplicatePractice } from '../commands/practices.js';
import { newSpaceChoices, templateSources } from '../../spaces/index.js';
import type { Practice } from '../queries/practices.js';
import type { Context } from 'hono';
import type { FieldErrors } from '../../../platform/ui/form.js';
import { networksOf } from '../queries/benchmark.js';
import { getPractice, listPractices } from '../queries/practices.js';
import { PRACTICE_FIELDS, practiceInput } from '../schemas.js';
import { PracticeFormPage, PracticeListPage, PracticePage } from '../views/practice-pages.js';

export function registerPracticeRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact/practices', 'impact.practices.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const rows = await listPractices(c.get('services').database.db, actor, q);
    return c.html(<PracticeListPage c={c} q={q} rows={rows} canWrite={authorize(actor, 'impact.practices.write') === 'allow'} />);
  });

  route(app, 'GET', '/impact/practices/new', 'impact.practices.write', async (c) => {
    const networks = await networksOf(c.get('services').database.db, c.get('actor') as Actor);
    return c.html(<PracticeFormPage c={c} values={{}} errors={{}} networks={networks} />);
  });

  route(app, 'POST', '/impact/practices', 'impact.practices.write', async (c) => {
    const actor = c.get('actor') as Actor;
    const db = c.get('services').database.db;
    const body = await c.req.parseBody();
    const values = Object.fromEntries(PRACTICE_FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : '']));
    const parsed = practiceInput.safeParse(values);
    const again = async (errors: Record<string, string>) => {
      c.status(422);
      return c.html(<PracticeFormPage c={c} values={values} errors={errors} networks={await networksOf(db, actor)} />);
    };
    if (!parsed.success) return again(fieldErrors(parsed.error.issues));
    try {
      const id = await createPractice(db, actor, parsed.data);
      return c.redirect(`/impact/practices/${id}?created=1`, 303);
    } catch (e) {
      if (e instanceof HttpError && e.status === 422) return again({ network: 'impact.error.network' });
      throw e;
    }
  });

  /** A sheet's page, with the space forms the actor may use; after a refused form, its errors and values. */
  const sheetPage = async (c: Context<AppEnv>, s: Practice, extra: { created?: boolean; errors?: FieldErrors; values?: Record<string, string> } = {}) => {
    const actor = c.get('actor') as Actor;
    const db = c.get('services').database.db;
    const canWrite = authorize(actor, 'impact.practices.write') === 'allow';
    const configures = authorize(actor, 'spaces.configure') === 'allow';
    const sources = s.own && canWrite && configures ? await templateSources(db, actor) : null;
    const places = s.spaceTemplate && configures ? await newSpaceChoices(db, actor) : null;
    return c.html(<PracticePage c={c} s={s} canWrite={canWrite} created={extra.created ?? false} sources={sources} places={places} errors={extra.errors} values={extra.values} />);
  };

  route(app, 'GET', '/impact/practices/:id', 'impact.practices.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const id = c.req.param('id') ?? '';
    const s = z.string().uuid().safeParse(id).success ? await getPractice(c.get('services').database.db, actor, id) : null;
    if (!s) return errorPage(c, 404);
    return sheetPage(c, s, { created: c.req.query('created') === '1' });
  });

  route(app, 'POST', '/impact/practices/:id/template', 'impact.practices.write', async (c) => {
    const actor = c.get('actor') as Actor;
    const db = c.get('services').database.db;
    const id = c.req.param('id') ?? '';
    try {
      const body = await c.req.parseBody();
      const spaceId = typeof body.spaceId === 'string' && body.spaceId !== '' ? body.spaceId : null;
      const r = await attachSpaceTemplate(db, actor, id, spaceId);
      const s = (await getPractice(db, actor, id)) as Practice;
      if (r.error) {
        c.status(422);
        return sheetPage(c, s, { errors: { spaceId: r.error } });
      }
      return c.redirect(`/impact/practices/${id}`, 303);
    } catch (e) {
      if (e instanceof HttpError) return errorPage(c, e.status === 404 ? 404 : 403);
      throw e;
    }
  });

  route(app, 'POST', '/impact/practices/:id/space', 'spaces.configure', async (c) => {
    const actor = c.get('actor') as Actor;
    const db = c.get('services').database.db;
    const id = c.req.param('id') ?? '';
    const s = z.string().uuid().safeParse(id).success ? await getPractice(db, actor, id) : null;
    if (!s?.spaceTemplate) return errorPage(c, 404);
    const body = await c.req.parseBody();
    const values = { commonPlaceId: typeof body.commonPlaceId === 'string' ? body.commonPlaceId : '', name: typeof body.name === 'string' ? body.name : '' };
    try {
      const made = await spaceFromPractice(db, actor, id, values);
      if ('spaceId' in made) return c.redirect(`/staff/spaces/${made.spaceId}/settings`, 303);
      // The place and name belong to this form; any other refusal is the model's own.
      const errors: FieldErrors = {};
      for (const [k, v] of Object.entries(made.errors)) errors[k === 'commonPlaceId' || k === 'name' ? k : 'template'] ??= v;
      c.status(422);
      return sheetPage(c, s, { errors, values });
    } catch (e) {
      if (e instanceof HttpError) return errorPage(c, e.status === 404 ? 404 : 403);
      throw e;
    }
  });

  route(app, 'POST', '/impact/practices/:id/duplicate', 'impact.practices.write', async (c) => {
    try {
      const id = await duplicatePractice(c.get('services').database.db, c.get('actor') as Actor, c.req.param('id') ?? '');
      return c.redirect(`/impact/practices/${id}?created=1`, 303);
    } catch (e) {
      if (e instanceof HttpError) return errorPage(c, e.status === 404 ? 404 : 403);
      throw e;
    }
  });
}
