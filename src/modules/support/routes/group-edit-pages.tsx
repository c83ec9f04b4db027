import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { groupCommitmentForEdit, updateGroupCommitment } from '../commands/group-edit.js';
import { GroupEditPage } from '../views/group-edit.js';
import { ctx, formValues, param, refusal } from './respond.js';

const places = z.coerce.number({ message: 'support.quota.placesRange' }).int('support.quota.placesRange').min(1, 'support.quota.placesRange').max(10000, 'support.quota.placesRange');
const editForm = z.object({ gLabel: z.string().trim().min(1, 'form.required').max(200, 'support.form.tooLong'), gPlaces: places, gMembers: z.array(z.string()).min(1, 'support.group.noMember') });
const FIELDS: Record<string, string> = { label: 'gLabel', places: 'gPlaces', memberOrgIds: 'gMembers' };

async function editPage(c: Context<AppEnv>, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
  const { db, actor } = ctx(c);
  const r = await groupCommitmentForEdit(db, actor, param(c, 'id'));
  if (!r.ok) return refusal(c, r);
  return c.html(<GroupEditPage c={c} group={r.group} landlords={r.landlords} errors={errors} values={values} />);
}

/** /support/group-commitments/{id}/edit: the lead landlord's programme manager edits a group commitment. */
export function registerGroupEditPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/group-commitments/:id/edit', 'support.quotas.manage', (c) => editPage(c));

  route(app, 'POST', '/support/group-commitments/:id', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const body = await c.req.parseBody({ all: true });
    const values = await formValues(c);
    const members = ([] as unknown[]).concat(body.gMembers ?? []).filter((v): v is string => typeof v === 'string');
    const kept = { ...values, gMembers: members.join(',') };
    const parsed = editForm.safeParse({ ...values, gMembers: members });
    const r = parsed.success ? await updateGroupCommitment(db, actor, param(c, 'id'), { label: parsed.data.gLabel, places: parsed.data.gPlaces, memberOrgIds: parsed.data.gMembers }) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    if (r.ok) return c.redirect('/support/programmes', 303);
    if (r.status !== 422) return refusal(c, r);
    c.status(422);
    return editPage(c, Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [FIELDS[k] ?? k, v])), kept);
  });
}
