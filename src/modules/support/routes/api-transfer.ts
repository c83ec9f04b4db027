import type { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { transferCase } from '../commands/transfer-case.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

const TransferBody = z.object({
  programmeId: z.string().describe('The receiving programme: another active programme of the same landlord whose scope covers the household'),
  adviserId: z.string().optional().describe('Who follows the new case (a social adviser or programme manager of the landlord); absent: the caller'),
  reason: z.string().max(2000).describe('Why the case moves (required, at most 1000 characters): the old case’s closure outcome'),
});
const Transferred = z.object({ id: z.string().describe('The new case'), reference: z.string(), transferredFromCaseId: z.string() });
const KEY = /^[\x21-\x7e]{8,100}$/;

/** POST /api/v1/support/cases/{id}/transfer: the page's command (commands/transfer-case.ts), the same checks and answers. */
export function registerSupportTransferApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/transfer',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Transfer a case to another programme',
      description:
        'Opens a new case in the receiving programme for the same household and person (its steps, sensitivity and named team; the situation and the confidential-address mark carried over; documents and notes stay) and closes this one with closedAs "transferred", the two linked. Active referrals to partners end. 422 with fields.programmeId (same programme, unknown or another landlord’s, inactive, household outside its scope), fields.adviserId, fields.reason; 409 when the case is closed; 403 at programmeId when a token may not write in the receiving programme (highly sensitive; sensitive without support.cases.sensitive). Send an Idempotency-Key header (8–100 characters): the same key again returns the first new case (200) instead of 201.',
      body: TransferBody,
      response: Transferred,
    },
    async (c, { body }) => {
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !KEY.test(key)) return apiError(c, 400, 'invalid_query', { 'Idempotency-Key': c.get('t')('support.api.keyFormat') });
      const { db, actor } = ctx(c);
      const r = await transferCase(db, actor, param(c, 'id'), { ...body, idempotencyKey: key }, c.get('services').config.publicUrl);
      if (!r.ok) return refused(c, r);
      if (!r.replayed) deliverSoon(c.get('services'));
      return c.json(Transferred.parse({ id: r.caseId, reference: r.reference, transferredFromCaseId: param(c, 'id') }), r.replayed ? 200 : 201);
    },
  );
}
