import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { addCredit } from '../commands/fund-actions.js';
import { allocatePlace, quotaOverview } from '../commands/quotas.js';
import type { Result } from '../commands/result.js';
import { generateSessions } from '../commands/sessions.js';
import { programmeOverview } from '../queries/overview.js';
import { ProgrammesPage } from '../views/programmes-page.js';
import { registerProgrammeForm } from './programme-form.js';
import { ctx, formValues, param, refusal } from './respond.js';

const allocateForm = z.object({ quotaId: z.string().uuid('form.required'), applicantRef: z.string().trim().min(1, 'form.required').max(60, 'support.form.tooLong') });

async function page(c: Context<AppEnv>, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
  const { db, actor } = ctx(c);
  const programmes = await programmeOverview(db, actor);
  const quotas = await quotaOverview(db, actor);
  if (!programmes.ok) return refusal(c, programmes);
  if (!quotas.ok) return refusal(c, quotas);
  return c.html(<ProgrammesPage c={c} programmes={programmes.programmes} quotas={quotas.quotas} errors={errors} values={values} />);
}

async function after(c: Context<AppEnv>, r: Result<object>, values: Record<string, string> = {}) {
  if (r.ok) return c.redirect('/support/programmes', 303);
  if (r.status !== 409 && r.status !== 422) return refusal(c, r);
  c.status(r.status);
  return page(c, r.errors, values);
}

export function registerProgrammePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/programmes', 'support.programmes.manage', (c) => page(c));
  registerProgrammeForm(app);

  route(app, 'POST', '/support/programmes/:id/credits', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return after(c, await addCredit(db, actor, param(c, 'id'), values), values);
  });

  route(app, 'POST', '/support/programmes/:id/sessions', 'support.commission.manage', async (c) => {
    const { db, actor } = ctx(c);
    return after(c, await generateSessions(db, actor, param(c, 'id'), 3));
  });

  route(app, 'POST', '/support/quotas/allocate', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const parsed = allocateForm.safeParse(values);
    const r = parsed.success ? await allocatePlace(db, actor, parsed.data.quotaId, { applicantRef: parsed.data.applicantRef }) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return after(c, r, values);
  });
}
