import type { Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { createPractice, duplicatePractice } from '../commands/practices.js';
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

  route(app, 'GET', '/impact/practices/:id', 'impact.practices.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const id = c.req.param('id') ?? '';
    const s = z.string().uuid().safeParse(id).success ? await getPractice(c.get('services').database.db, actor, id) : null;
    if (!s) return errorPage(c, 404);
    return c.html(<PracticePage c={c} s={s} canWrite={authorize(actor, 'impact.practices.write') === 'allow'} created={c.req.query('created') === '1'} />);
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
