import type { Hono } from 'hono';
import { z } from 'zod';
import { listResidences } from '../../../modules/directory/index.js';
import type { AppEnv } from '../../http/env.js';
import { apiEndpoint } from '../registry.js';
import { pageOf, paging } from '../schemas.js';

export const Residence = z
  .object({
    id: z.string(),
    reference: z.string().describe('The landlord’s own reference'),
    name: z.string(),
    kind: z.enum(['ordinary', 'intergenerational', 'social_residence', 'pension_de_famille', 'shelter', 'student']),
    city: z.string(),
    dwellings: z.number().int().describe('Number of dwellings'),
  });

const Query = z.object({ q: z.string().trim().max(100).optional().describe('Search in name, reference or city'), ...paging });

/** GET /api/v1/residences: the same query as the residences page, so the same scope and tenancy apply. */
export function registerResidenceEndpoints(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/residences',
      permission: 'directory.residences.read',
      tag: 'directory',
      summary: 'List the residences the caller may see',
      description: 'Sorted by name. A person or token limited to some residences sees only those.',
      query: Query,
      response: pageOf(Residence),
    },
    async (c, { query }) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const { rows, total } = await listResidences(c.get('services').database.db, actor, { q: query.q || undefined, limit: query.limit, offset: query.offset });
      return c.json({ data: rows.map((r) => ({ ...r, dwellings: Number(r.dwellings) })), total, limit: query.limit, offset: query.offset });
    },
  );
}
