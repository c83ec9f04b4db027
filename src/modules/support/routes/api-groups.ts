import type { Hono } from 'hono';
import { z } from 'zod';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { updateGroupCommitment } from '../commands/group-edit.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

/** /api/v1/support/group-commitments/{id}: the lead landlord changes a group commitment, as on its edit page. */
export function registerSupportGroupApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/group-commitments/:id',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Change a group commitment: its name, places and member landlords',
      description:
        'By the landlord that declared it (403 for a member, 404 for others). The places cannot fall below those the group has already given (422 fields.places); at least one other landlord (422 fields.memberOrgIds). A landlord taken out keeps its own commitment, no longer counted in the group’s total. Audited support.group_commitment.update with the old and new values.',
      body: z.object({ label: z.string().trim().min(1).max(200), places: z.number().int().min(1).max(100000), memberOrgIds: z.array(z.string().uuid()).max(50) }),
      response: z.object({ status: z.literal('saved') }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await updateGroupCommitment(db, actor, param(c, 'id'), body);
      return r.ok ? c.json({ status: 'saved' as const }) : refused(c, r);
    },
  );
}
