import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, type FieldErrors, fieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { changeMember, removeMember } from '../commands/memberships.js';
import { findMember, type MemberItem, residenceChoices } from '../queries/members.js';
import { memberScopeInput } from '../schemas.js';
import { MemberScopeFields, memberLabels, type ScopeValues } from '../views/member-fields.js';
import { formOf, guarded, list, refused, str } from './respond.js';

async function renderEdit(c: Context<AppEnv>, actor: Actor, member: MemberItem, values: ScopeValues, errors: FieldErrors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const residences = await residenceChoices(c.get('services').database.db, actor);
  const title = t('directory.member.edit', { name: member.name });
  c.status(status);
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={memberLabels(t)} />
      <p>{member.email}</p>
      <PostForm action={`/admin/members/${member.id}`} csrf={c.get('csrf')}>
        <MemberScopeFields t={t} actor={actor} values={values} errors={errors} residences={residences} />
        <button type="submit">{t('directory.member.save')}</button>
      </PostForm>
      <h2>{t('directory.member.remove')}</h2>
      <p>{t('directory.member.removeHint')}</p>
      <PostForm action={`/admin/members/${member.id}/remove`} csrf={c.get('csrf')}>
        <button type="submit">{t('directory.member.remove')}</button>
      </PostForm>
    </Layout>,
  );
}

const valuesOf = (m: MemberItem): ScopeValues => ({ role: m.role, scope: m.residence_ids === null ? 'all' : 'some', residences: m.residence_ids ?? [] });

/** Loads the membership named in the URL: another organisation's, a resident's or an unknown one is a 404. */
async function load(c: Context<AppEnv>): Promise<{ actor: Actor; member: MemberItem } | Response> {
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  if (actor.residenceIds !== null) return refused(c, 'forbidden');
  const member = await findMember(c.get('services').database.db, actor, c.req.param('id') ?? '');
  if (!member) return refused(c, 'not_found');
  return { actor, member };
}

/** Changing a team member's role and scope, and removing their access: permission changes, all audited. */
export function registerMemberEdit(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/members/:id', 'directory.members.manage', async (c) => {
    const found = await load(c);
    if (found instanceof Response) return found;
    return renderEdit(c, found.actor, found.member, valuesOf(found.member), {});
  });

  route(app, 'POST', '/admin/members/:id', 'directory.members.manage', (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      const { actor, member } = found;
      const form = await formOf(c);
      const values = { role: str(form.role), scope: str(form.scope), residences: list(form.residences) };
      const parsed = memberScopeInput.safeParse(values);
      if (!parsed.success) return renderEdit(c, actor, member, values, fieldErrors(parsed.error.issues), 422);
      const result = await changeMember(c.get('services').database.db, actor, member.id, parsed.data);
      if (!result.ok) return renderEdit(c, actor, member, values, result.errors, 422);
      return c.redirect('/admin/members?done=changed', 303);
    }),
  );

  route(app, 'POST', '/admin/members/:id/remove', 'directory.members.manage', (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      const result = await removeMember(c.get('services').database.db, found.actor, found.member.id);
      if (!result.ok) return renderEdit(c, found.actor, found.member, valuesOf(found.member), result.errors, 422);
      return c.redirect('/admin/members?done=removed', 303);
    }),
  );
}
