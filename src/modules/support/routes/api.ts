import type { Hono } from 'hono';
import { z } from 'zod';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import { pageOf, paging } from '../../../platform/api/schemas.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { asActor } from '../commands/result.js';
import { pageOfVisibleCases } from '../db/cases.js';
import { parisToday } from '../domain/local-date.js';
import { readCase } from '../queries/read-case.js';
import { outOfScopeAmong } from '../queries/cases-in-scope.js';
import { addressShownTo } from '../policy.js';
import { PROGRAMME_KINDS, SENSITIVITIES } from '../schemas-programme.js';
import { ctx, param } from './respond.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('A calendar day in Paris, YYYY-MM-DD');
const Programme = z.object({ id: z.string(), name: z.string(), kind: z.enum(PROGRAMME_KINDS) });
// Whether the household still lives where the programme applies, checked at each read (as the pages do).
const scopeFields = {
  inScope: z.boolean().nullable().describe('Open case: false when the household no longer lives in a residence the programme applies to (it moved, or the programme’s residences changed); the case stays open, for its adviser to close or transfer. Null for a closed case'),
  outOfScopeReason: z
    .enum(['outside', 'noDwelling'])
    .nullable()
    .describe('When inScope is false: outside (the household lives in another residence) or noDwelling (no current dwelling with the landlord); null otherwise. Never where the household lives'),
};
/** The scope fields of a case: null while closed, else in scope unless a reason says otherwise. */
const scopeOf = (status: string, reason: 'outside' | 'noDwelling' | null) =>
  status !== 'open' ? { inScope: null, outOfScopeReason: null } : { inScope: reason === null, outOfScopeReason: reason };

// Each schema below is the list of fields allowed out: `parse` drops anything else the query read.
export const SupportCaseItem = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(['open', 'closed']),
  stage: z.string().nullable().describe('For sliding leases and housing adaptation'),
  programme: Programme,
  household: z.string().describe('The household’s name'),
  openedOn: day,
  nextDueOn: day.nullable(),
  overdueSteps: z.number().int(),
  closedAs: z.enum(['transferred']).nullable().describe('"transferred" for a case closed by its transfer to another programme, else null'),
  ...scopeFields,
});

export const SupportCaseSummary = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(['open', 'closed']),
  stage: z.string().nullable(),
  programme: Programme.extend({ sensitivity: z.enum(SENSITIVITIES) }),
  household: z.object({ name: z.string(), members: z.number().int() }),
  residence: z.object({ name: z.string().nullable(), dwelling: z.string().nullable() }).nullable().describe('Null when the address is confidential (e.g. domestic violence) and the caller is not named to see it — and always null for a confidential address read with an API token'),
  advisers: z.array(z.string()),
  steps: z.array(z.object({ key: z.string(), label: z.string().nullable().describe('Null for built-in steps, named by their key'), dueOn: day, done: z.boolean() })),
  openedOn: day,
  closedOn: day.nullable(),
  documents: z.number().int().describe('How many documents; their content is never in the API'),
  situation: z.string().optional().describe('Only for callers holding support.cases.sensitive (an API token needs that scope too)'),
  closedAs: z.enum(['transferred']).nullable().describe('"transferred" when the case was closed by its transfer to another programme'),
  transferredToCaseId: z.string().nullable().describe('The case opened by its transfer, when the caller may read it (else null, closedAs still says "transferred")'),
  transferredFromCaseId: z.string().nullable().describe('The case this one was transferred from, when the caller may read it'),
  ...scopeFields,
});

const ListQuery = z.object({ status: z.enum(['open', 'closed']).default('open').describe('Open (default) or closed cases'), ...paging });
const SituationBody = z.object({ situation: z.string(), notes: z.array(z.object({ at: z.string(), author: z.string().nullable(), body: z.string() })) });
const iso = (d: Date) => parisToday(d);

/** /api/v1/support: the caller's cases and one case's summary, read through the same need-to-know as the pages, every read audited. */
export function registerSupportApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'The support cases the caller follows',
      description: 'Only the cases the caller is assigned to or whose programme they manage; never a situation or a note. inScope says whether an open case’s household still lives where its programme applies. The read is audited.',
      query: ListQuery,
      response: pageOf(SupportCaseItem),
    },
    async (c, { query }) => {
      const { db, actor } = ctx(c);
      const { rows, total, outOfScope } = await asActor(db, actor, async (tx) => {
        const page = await pageOfVisibleCases(tx, parisToday(), query);
        await audit(tx, { action: 'support.cases.list', actor, targetType: 'support_case', details: { count: page.rows.length, via: 'api' } });
        return { ...page, outOfScope: await outOfScopeAmong(tx, page.rows.map((r) => r.id)) };
      });
      const data = rows.map((r) =>
        SupportCaseItem.parse({
          ...r,
          programme: { id: r.programme_id, name: r.programme_name, kind: r.programme_kind },
          household: r.household_name,
          openedOn: iso(r.opened_at),
          nextDueOn: r.next_due,
          overdueSteps: Number(r.overdue_steps),
          closedAs: r.closed_as ?? null,
          ...scopeOf(r.status, outOfScope.get(r.id) ?? null),
        }),
      );
      return c.json({ data, total, limit: query.limit, offset: query.offset });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id',
      permission: 'support.cases.read',
      tag: 'support',
      summary: 'A support case’s summary',
      description: 'For the people who follow the case; others get 404. The situation is included only for callers holding support.cases.sensitive. The read is audited.',
      response: SupportCaseSummary,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readCase(db, actor, param(c, 'id'), 'api summary');
      if (!r.ok) return c.json({ error: r.status === 404 ? 'not_found' : 'forbidden' }, r.status === 404 ? 404 : 403);
      const d = r.detail;
      const label = (key: string) => d.programme.steps.find((s) => s.key === key)?.label ?? null;
      const summary = SupportCaseSummary.parse({
        ...d.row,
        programme: d.programme,
        household: { name: d.household.name, members: d.household.members },
        residence: addressShownTo(actor, d.addressVisible) ? { name: d.household.residenceName, dwelling: d.household.dwellingReference } : null,
        advisers: d.advisers.map((a) => a.display_name),
        steps: d.steps.map((s) => ({ key: s.key, label: label(s.key), dueOn: s.due_on, done: s.done_at !== null })),
        openedOn: iso(d.row.opened_at),
        closedOn: d.row.closed_at ? iso(d.row.closed_at) : null,
        documents: d.documents.length,
        situation: authorize(actor, 'support.cases.sensitive') === 'allow' ? d.row.situation : undefined,
        closedAs: d.transfer.closedAs,
        transferredToCaseId: d.transfer.to?.visible ? d.transfer.to.id : null,
        transferredFromCaseId: d.transfer.from?.visible ? d.transfer.from.id : null,
        ...scopeOf(d.row.status, d.scope === 'covered' ? null : d.scope),
      });
      return c.json(summary);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/cases/:id/situation',
      permission: 'support.cases.sensitive',
      tag: 'support',
      summary: 'A support case’s situation and notes',
      description: 'The narrative of the case, for the people who follow it. A token needs the support.cases.sensitive scope. The read is audited with its reason.',
      response: SituationBody,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readCase(db, actor, param(c, 'id'), 'api situation');
      if (!r.ok) return c.json({ error: r.status === 404 ? 'not_found' : 'forbidden' }, r.status === 404 ? 404 : 403);
      return c.json(SituationBody.parse({ situation: r.detail.row.situation, notes: r.detail.notes.map((n) => ({ at: n.created_at.toISOString(), author: n.author, body: n.body })) }));
    },
  );
}
