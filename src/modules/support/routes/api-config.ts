import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { authorize } from '../../../platform/access/authorize.js';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { asActor, denied } from '../commands/result.js';
import { createProgramme, updateProgramme } from '../commands/save-programme.js';
import { addTeamMember, readTeam, removeTeamMember } from '../commands/team.js';
import { listProgrammes, programmeById } from '../db/cases.js';
import { canWriteWithToken } from '../policy.js';
import { MAX_QUESTIONS, PROGRAMME_KINDS, RESIDENCE_KINDS, RETENTION_ACTIONS, RETENTION_FROM, SENSITIVITIES, STEP_ROWS } from '../schemas-programme.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

const Step = z.object({ key: z.string().describe('Kept across edits so open cases keep their timeline'), label: z.string().nullable(), dueDays: z.number().int() });
const Programme = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROGRAMME_KINDS),
  sensitivity: z.enum(SENSITIVITIES),
  partnerIds: z.array(z.string()),
  residenceKinds: z.array(z.string()),
  residenceIds: z.array(z.string()),
  eligibility: z.array(z.string()),
  steps: z.array(Step),
  retention: z.object({ months: z.number().int().describe('The period that applies (the programme’s own, else the organisation’s default)'), own: z.boolean().describe('False: the programme follows the organisation’s default'), from: z.enum(RETENTION_FROM), action: z.enum(RETENTION_ACTIONS) }),
  legalBasis: z.string(),
  notice: z.string(),
  managedByMe: z.boolean(),
});
const ProgrammeBody = z.object({
  name: z.string().trim().min(3).max(120),
  kind: z.enum(PROGRAMME_KINDS).describe('Fixed after creation: ignored on update'),
  sensitivity: z.enum(SENSITIVITIES),
  partnerIds: z.array(z.string().uuid()).max(10).default([]),
  residenceKinds: z.array(z.enum(RESIDENCE_KINDS)).default([]),
  residenceIds: z.array(z.string().uuid()).max(200).default([]),
  eligibility: z.array(z.string().trim().min(1).max(200)).max(MAX_QUESTIONS).default([]),
  steps: z
    .array(z.object({ key: z.string().regex(/^[a-z0-9_]{1,40}$/).optional(), label: z.string().trim().min(1).max(120), dueDays: z.number().int().min(0).max(730) }))
    .max(STEP_ROWS)
    .default([]),
  retentionMonths: z.number().int().min(1).max(240).nullable().default(null).describe('Null: the organisation’s default (GET /api/v1/support/settings/retention)'),
  retentionFrom: z.enum(RETENTION_FROM),
  retentionAction: z.enum(RETENTION_ACTIONS),
  legalBasis: z.string().trim().min(1).max(1000),
  notice: z.string().trim().min(1).max(2000),
  confirmOutOfScope: z.boolean().default(false).describe('On update: save a scope that leaves open cases outside it (otherwise 422 at confirmOutOfScope)'),
  confirmLowering: z.boolean().default(false).describe('On update: lower a sensitive programme with a named team to normal, removing the team (otherwise 422 at confirmLowering)'),
});
type Body = z.output<typeof ProgrammeBody>;
const input = ({ confirmOutOfScope: _, confirmLowering: __, ...b }: Body) => ({ ...b, partnerIds: [...new Set(b.partnerIds)], residenceKinds: [...new Set(b.residenceKinds)], residenceIds: [...new Set(b.residenceIds)], steps: b.steps.map((s) => ({ key: s.key ?? '', label: s.label, dueDays: s.dueDays })) });
const Member = z.object({ userId: z.string(), name: z.string(), addedAt: z.string() });
const Ok = z.object({ status: z.string() });

const TOKENS =
  'Who sees a sensitive programme’s cases depends on this: with a token, a sensitive programme needs support.cases.sensitive as well and a highly sensitive one is refused (403) — those change only in a browser session after the second factor.';

/** A token may change who sees (or how sensitive is) a programme under the same rule as writing on its cases; null when it may. */
function tokenRefusal(c: Context<AppEnv>, sensitivities: string[]): Response | null {
  const { actor } = ctx(c);
  if (actor.kind !== 'token') return null;
  if (sensitivities.every((s) => canWriteWithToken(actor, s, actor.orgId as string) === 'allow')) return null;
  return apiError(c, 403, 'forbidden', { form: c.get('t')('support.api.stepUpRequired') });
}

async function currentSensitivity(c: Context<AppEnv>, programmeId: string): Promise<string | null> {
  const { db, actor } = ctx(c);
  return asActor(db, actor, async (tx) => (await programmeById(tx, programmeId))?.sensitivity ?? null);
}

/** /api/v1/support: programmes as configuration and their named teams, for programme managers. */
export function registerSupportConfigApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/programmes',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'The organisation’s programmes and their configuration',
      description: 'Kind, sensitivity, partners, residences, eligibility questions, steps (due N days after opening), retention rule, legal basis and notice. No case and no person.',
      response: z.object({ data: z.array(Programme) }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const d = authorize(actor, 'support.programmes.manage');
      if (d !== 'allow') return refused(c, denied(d));
      const rows = await asActor(db, actor, (tx) => listProgrammes(tx));
      return c.json({
        data: rows.map((p) =>
          Programme.parse({
            id: p.id,
            name: p.name,
            kind: p.kind,
            sensitivity: p.sensitivity,
            partnerIds: p.partner_org_ids ?? [],
            residenceKinds: p.residence_kinds ?? [],
            residenceIds: p.residence_ids ?? [],
            eligibility: p.eligibility,
            steps: p.steps.map((s) => ({ key: s.key, label: s.label ?? null, dueDays: s.dueDays })),
            retention: { months: p.retention_effective, own: p.retention_months !== null, from: p.retention_from, action: p.retention_action },
            legalBasis: p.legal_basis,
            notice: p.notice,
            managedByMe: p.manager_user_id === actor.userId,
          }),
        ),
      });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/programmes',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'Create a programme of an existing kind (configuration, no code)',
      description: `The caller becomes its manager. 422 with field messages (name taken, unknown partner or residence). ${TOKENS}`,
      body: ProgrammeBody,
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const blocked = tokenRefusal(c, [body.sensitivity]);
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await createProgramme(db, actor, input(body));
      return r.ok ? c.json({ id: r.programmeId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/programmes/:id',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'Change a programme’s configuration',
      description: `Its manager only (403). The kind stays; changed steps apply to cases opened afterwards. A change of residences or residence types that leaves open cases outside the scope is 422 at confirmOutOfScope unless confirmOutOfScope is true (the cases stay open). Lowering a sensitive or highly sensitive programme that has a named team to normal is 422 at confirmLowering unless confirmLowering is true; confirmed, the team is removed (its members keep only the cases they are assigned to), audited. ${TOKENS}`,
      body: ProgrammeBody,
      response: Ok,
    },
    async (c, { body }) => {
      const current = await currentSensitivity(c, param(c, 'id'));
      const blocked = tokenRefusal(c, current ? [current, body.sensitivity] : [body.sensitivity]);
      if (blocked) return blocked;
      const { db, actor } = ctx(c);
      const r = await updateProgramme(db, actor, param(c, 'id'), input(body), { confirmOutOfScope: body.confirmOutOfScope, confirmLowering: body.confirmLowering, baseUrl: c.get('services').config.publicUrl });
      return r.ok ? c.json({ status: 'saved' }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/programmes/:id/team',
      permission: 'support.programmes.manage',
      tag: 'support',
      summary: 'A programme’s named team',
      description: 'The advisers and programme managers who see every case of the programme. Its manager only; others get 404.',
      response: z.object({ data: z.array(Member) }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readTeam(db, actor, param(c, 'id'));
      if (!r.ok) return refused(c, r);
      return c.json({ data: r.team.members.map((m) => Member.parse({ userId: m.user_id, name: m.display_name, addedAt: m.added_at.toISOString() })) });
    },
  );

  for (const [path, summary, run] of [
    ['team', 'Name a colleague in the programme’s team (they see its cases at once)', addTeamMember],
    ['team/remove', 'Take a colleague out of the team (they lose its cases at once, except those assigned to them)', removeTeamMember],
  ] as const) {
    apiEndpoint(
      app,
      {
        method: 'POST',
        path: `/api/v1/support/programmes/:id/${path}`,
        permission: 'support.programmes.manage',
        tag: 'support',
        summary,
        description: `Its manager only (404 otherwise); 422 for someone not eligible or not in the team; 409 on a programme that is not sensitive or highly sensitive (a named team is offered only there). Audited. ${TOKENS}`,
        body: z.object({ userId: z.string() }),
        response: Ok,
      },
      async (c, { body }) => {
        const current = await currentSensitivity(c, param(c, 'id'));
        const blocked = current ? tokenRefusal(c, [current]) : null;
        if (blocked) return blocked;
        const { db, actor } = ctx(c);
        const r = await run(db, actor, param(c, 'id'), body.userId);
        return r.ok ? c.json({ status: 'saved' }) : refused(c, r);
      },
    );
  }
}
