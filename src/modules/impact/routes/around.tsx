import type { Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage, HttpError } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { currentResidenceOf, residenceOptions } from '../../directory/index.js';
import { addNearbyService } from '../commands/add-nearby.js';
import { type ImportProblem, importNearbyServices } from '../commands/import-nearby.js';
import { nearbyServices, residencePlace } from '../queries/nearby.js';
import { NEARBY_FIELDS, nearbyInput } from '../schemas.js';
import { ResidenceIndexPage, ResidentAroundPage, StaffAroundPage } from '../views/around-pages.js';

const isUuid = (v: string) => z.string().uuid().safeParse(v).success;

export function registerAroundRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact/around', 'impact.around.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const householdId = actor.actingFor?.householdId ?? actor.householdId;
    const { place, rows } = await withTenant(c.get('services').database.db, { orgId: actor.orgId }, async (tx) => {
      const residenceId = householdId ? await currentResidenceOf(tx, householdId) : null;
      const place = residenceId ? await residencePlace(tx, residenceId) : null;
      return { place, rows: place ? await nearbyServices(tx, place.id) : [] };
    });
    return c.html(<ResidentAroundPage c={c} place={place} rows={rows} />);
  });

  route(app, 'GET', '/impact/residences', 'impact.around.manage', async (c) => {
    const actor = c.get('actor') as Actor;
    const all = await withTenant(c.get('services').database.db, { orgId: actor.orgId }, (tx) => residenceOptions(tx));
    return c.html(<ResidenceIndexPage c={c} residences={all.filter((r) => !actor.residenceIds || actor.residenceIds.includes(r.id))} />);
  });

  const staffPage = async (c: Parameters<Parameters<typeof route>[4]>[0], values: Record<string, string>, errors: Record<string, string>, problems: ImportProblem[] = []) => {
    const actor = c.get('actor') as Actor;
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) return errorPage(c, 404);
    if (actor.residenceIds && !actor.residenceIds.includes(id)) return errorPage(c, 403);
    const data = await withTenant(c.get('services').database.db, { orgId: actor.orgId }, async (tx) => {
      const place = await residencePlace(tx, id);
      return place ? { place, rows: await nearbyServices(tx, id) } : null;
    });
    if (!data) return errorPage(c, 404);
    if (Object.keys(errors).length || problems.length) c.status(422);
    return c.html(<StaffAroundPage c={c} place={data.place} rows={data.rows} values={values} errors={errors} added={c.req.query('added') === '1'} problems={problems} />);
  };

  route(app, 'GET', '/impact/residences/:id/around', 'impact.around.manage', (c) => staffPage(c, { category: 'shop' }, {}));

  route(app, 'POST', '/impact/residences/:id/around', 'impact.around.manage', async (c) => {
    const body = await c.req.parseBody();
    const values = Object.fromEntries(NEARBY_FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : '']));
    const parsed = nearbyInput.safeParse(values);
    if (!parsed.success) return staffPage(c, values, fieldErrors(parsed.error.issues));
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) return errorPage(c, 404);
    try {
      await addNearbyService(c.get('services').database.db, c.get('actor') as Actor, id, parsed.data);
    } catch (e) {
      if (e instanceof HttpError) return errorPage(c, e.status === 404 ? 404 : 403);
      throw e;
    }
    return c.redirect(`/impact/residences/${id}/around?added=1`, 303);
  });

  route(app, 'POST', '/impact/residences/:id/around/import', 'impact.around.manage', async (c) => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) return errorPage(c, 404);
    const body = await c.req.parseBody();
    const file = body.file;
    const text = file instanceof File ? await file.text() : '';
    try {
      const r = await importNearbyServices(c.get('services').database.db, c.get('actor') as Actor, id, text);
      if ('problems' in r) return staffPage(c, { category: 'shop' }, {}, r.problems);
    } catch (e) {
      if (e instanceof HttpError) return errorPage(c, e.status === 404 ? 404 : 403);
      throw e;
    }
    return c.redirect(`/impact/residences/${id}/around?added=1`, 303);
  });
}
