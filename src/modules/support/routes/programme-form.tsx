import type { Context, Hono } from 'hono';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { partnerOptions, residenceOptions } from '../../directory/index.js';
import { asActor } from '../commands/result.js';
import { createProgramme, updateProgramme } from '../commands/save-programme.js';
import { type ProgrammeRow, programmeById } from '../db/cases.js';
import type { ProgrammeScope } from '../domain/scope.js';
import { listOutOfScope } from '../queries/out-of-scope.js';
import { programmeSchema, STEP_ROWS } from '../schemas-programme.js';
import { ProgrammeFormPage, type ProgrammeFormValues } from '../views/programme-form.js';
import { ctx, param, refusal } from './respond.js';

const LISTS = new Set(['partnerIds', 'residenceKinds', 'residenceIds']);

/** The posted form as the page shows it back: lists for the checkbox groups, strings for the rest. */
async function postedValues(c: Context<AppEnv>): Promise<ProgrammeFormValues> {
  const body = await c.req.parseBody({ all: true });
  const out: ProgrammeFormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    const items = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    out[k] = LISTS.has(k) ? items : (items[0] ?? '');
  }
  return out;
}

/** A programme's configuration as the form's values (the seeded steps are named from the catalogue). */
function valuesOf(p: ProgrammeRow, t: (k: string) => string): ProgrammeFormValues {
  const v: ProgrammeFormValues = {
    name: p.name,
    kind: p.kind,
    sensitivity: p.sensitivity,
    partnerIds: p.partner_org_ids,
    residenceKinds: p.residence_kinds,
    residenceIds: p.residence_ids,
    eligibility: p.eligibility.join('\n'),
    retentionMonths: p.retention_months === null ? '' : String(p.retention_months),
    retentionFrom: p.retention_from,
    retentionAction: p.retention_action,
    legalBasis: p.legal_basis,
    notice: p.notice,
  };
  p.steps.slice(0, STEP_ROWS).forEach((s, i) => {
    v[`step${i + 1}Key`] = s.key;
    v[`step${i + 1}Label`] = s.label ?? t(`support.step.${s.key}`);
    v[`step${i + 1}Days`] = String(s.dueDays);
  });
  return v;
}

async function render(c: Context<AppEnv>, programme: ProgrammeRow | null, values: ProgrammeFormValues, errors: Record<string, string>, scope?: ProgrammeScope) {
  const { db, actor } = ctx(c);
  // An existing programme: its open cases outside its scope today, or outside the scope refused for want of confirmation.
  const scopeCheck = programme ? { cases: await listOutOfScope(db, actor, programme.id, scope ?? programme, scope !== undefined), proposed: scope !== undefined } : undefined;
  const { partners, residences } = await withTenant(db, { orgId: actor.orgId }, async (tx) => ({
    partners: await partnerOptions(tx, actor.orgId as string),
    residences: await residenceOptions(tx),
  }));
  return c.html(<ProgrammeFormPage c={c} programmeId={programme?.id ?? null} kind={programme?.kind ?? null} partners={partners} residences={residences} values={values} errors={errors} scopeCheck={scopeCheck} />);
}

/** The programme I manage, or the refusal to show (another's programme: 403; unknown: 404). */
async function myProgramme(c: Context<AppEnv>): Promise<ProgrammeRow | Response | Promise<Response>> {
  const { db, actor } = ctx(c);
  const p = await asActor(db, actor, (tx) => programmeById(tx, param(c, 'id')));
  if (!p) return refusal(c, { ok: false, status: 404, errors: {} });
  if (p.manager_user_id !== actor.userId) return refusal(c, { ok: false, status: 403, errors: {} });
  return p;
}

export function registerProgrammeForm(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/programmes/new', 'support.programmes.manage', (c) =>
    render(
      c,
      null,
      {
        retentionMonths: '',
        retentionFrom: 'last_contact',
        retentionAction: 'anonymise',
        sensitivity: 'sensitive',
      },
      {},
    ),
  );

  route(app, 'POST', '/support/programmes', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await postedValues(c);
    const parsed = programmeSchema.safeParse(values);
    const r = parsed.success
      ? await createProgramme(db, actor, parsed.data)
      : {
          ok: false as const,
          status: 422 as const,
          errors: fieldErrors(parsed.error.issues),
        };
    if (r.ok) return c.redirect(`/support/programmes/${r.programmeId}/edit?saved=1`, 303);
    if (r.status !== 422) return refusal(c, r);
    c.status(422);
    return render(c, null, values, r.errors);
  });

  route(app, 'GET', '/support/programmes/:id/edit', 'support.programmes.manage', async (c) => {
    const p = await myProgramme(c);
    if (p instanceof Response || p instanceof Promise) return p;
    return render(c, p, valuesOf(p, c.get('t')), {});
  });

  route(app, 'POST', '/support/programmes/:id', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const p = await myProgramme(c);
    if (p instanceof Response || p instanceof Promise) return p;
    const values = await postedValues(c);
    // The kind is fixed once created: whatever the form says, the programme's own kind is validated.
    const parsed = programmeSchema.safeParse({ ...values, kind: p.kind });
    const r = parsed.success
      ? await updateProgramme(db, actor, p.id, parsed.data, { confirmOutOfScope: values.confirmOutOfScope === 'on', confirmLowering: values.confirmLowering === 'on', baseUrl: c.get('services').config.publicUrl })
      : {
          ok: false as const,
          status: 422 as const,
          errors: fieldErrors(parsed.error.issues),
        };
    if (r.ok) return c.redirect(`/support/programmes/${p.id}/edit?saved=1`, 303);
    if (r.status !== 422) return refusal(c, r);
    c.status(422);
    const proposed = parsed.success && r.errors.confirmOutOfScope ? { residence_ids: parsed.data.residenceIds, residence_kinds: parsed.data.residenceKinds } : undefined;
    return render(c, p, values, r.errors, proposed);
  });
}
