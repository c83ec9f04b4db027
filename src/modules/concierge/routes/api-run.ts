import type { Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { issueStatements } from '../commands/issue-statements.js';
import { runPeriodSchema } from '../schemas.js';
import { fieldErrors } from './api-counter.js';
import { refused } from './api-write.js';

const RunBody = z.object({ period: z.string().optional().describe('The month to issue, YYYY-MM: a month that has ended (the current month is 422 until its end, a month to come too)') });
const Run = z.object({
  period: z.string(),
  statements: z.number().int().describe('Statements issued by this call (subscribers and landlords)'),
  payouts: z.number().int().describe('Payout statements issued by this call (providers)'),
  nothingNew: z.boolean().describe('True when every party already had its statement for the month: the call issued nothing'),
  message: z.string().describe('What happened, in the caller’s language'),
});

/** /api/v1/concierge/desk/statements/run: the staff's "issue the month" button, with its command (the scheduled job's run). */
export function registerConciergeRunApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/concierge/desk/statements/run',
      permission: 'concierge.staff',
      tag: 'concierge',
      summary: 'Issue a month’s statements (per subscriber, per landlord) and payout statements (per provider), as the monthly job does',
      description:
        'Idempotent by month: a party already issued for the month is skipped, so a second call (or a call after the scheduled run) issues nothing and answers 200 with nothingNew true; a call that issued something answers 201. Concurrent calls take turns on the numbering lock: numbers stay gap-free.',
      body: RunBody,
      response: Run,
    },
    async (c, { body }) => {
      const parsed = runPeriodSchema.safeParse({ period: body.period ?? '' });
      if (!parsed.success) return fieldErrors(c, parsed.error.issues);
      const period = parsed.data.period;
      try {
        const { issued, payouts } = await issueStatements(c.get('services').database.db, c.get('actor') as Actor, period);
        const t = c.get('t');
        const nothingNew = issued + payouts === 0;
        const message = nothingNew ? t('concierge.run.nothingNew', { period }) : t('concierge.run.issued', { period, statements: issued, payouts });
        return c.json(Run.parse({ period, statements: issued, payouts, nothingNew, message }), nothingNew ? 200 : 201);
      } catch (e) {
        return refused(c, e);
      }
    },
  );
}
