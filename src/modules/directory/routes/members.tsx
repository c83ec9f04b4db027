import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, type FieldErrors, fieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { addMember } from '../commands/memberships.js';
import { listMembers, residenceChoices } from '../queries/members.js';
import { newMemberInput } from '../schemas.js';
import { MemberScopeFields, memberLabels, type ScopeValues } from '../views/member-fields.js';
import { Notice, Paging, pageOf, SearchForm, searchOf } from '../views/ui.js';
import { formOf, guarded, list, refused, str } from './respond.js';

const PAGE = 50;
const NOTICES: Record<string, string> = { added: 'directory.member.added', changed: 'directory.member.changed', removed: 'directory.member.removed' };

async function renderNew(c: Context<AppEnv>, actor: Actor, values: ScopeValues & { name: string; email: string }, errors: FieldErrors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const residences = await residenceChoices(c.get('services').database.db, actor);
  c.status(status);
  return c.html(
    <Layout c={c} title={t('directory.member.new')}>
      <h1>{t('directory.member.new')}</h1>
      <ErrorSummary t={t} errors={errors} labels={memberLabels(t)} />
      <p>{t('directory.member.newHint')}</p>
      <PostForm action="/admin/members/new" csrf={c.get('csrf')}>
        <Field t={t} name="name" label={t('directory.member.name')} value={values.name} error={errors.name} autocomplete="off" required />
        <Field t={t} name="email" type="email" label={t('directory.member.email')} value={values.email} error={errors.email} autocomplete="off" inputmode="email" required />
        <MemberScopeFields t={t} actor={actor} values={values} errors={errors} residences={residences} />
        <button type="submit">{t('directory.member.save')}</button>
      </PostForm>
    </Layout>,
  );
}

/** The team list and adding someone to it. */
export function registerMemberPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/members', 'directory.members.manage', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    if (actor.residenceIds !== null) return refused(c, 'forbidden');
    const q = searchOf(c.req.query('q'));
    const page = pageOf(c.req.query('page'));
    const db = c.get('services').database.db;
    const [{ rows, total }, residences] = await Promise.all([listMembers(db, actor, { q, limit: PAGE, offset: (page - 1) * PAGE }), residenceChoices(db, actor)]);
    const names = new Map(residences.map((r) => [r.id, r.name]));
    const notice = NOTICES[c.req.query('done') ?? ''];
    return c.html(
      <Layout c={c} title={t('directory.members.title')}>
        <h1>{t('directory.members.title')}</h1>
        {notice && <Notice>{t(notice)}</Notice>}
        <p>
          <a href="/admin/members/new">{t('directory.members.add')}</a>
        </p>
        <SearchForm t={t} action="/admin/members" label={t('directory.members.search')} q={q} />
        <p role="status">{t('directory.members.count', { count: total })}</p>
        {rows.length === 0 ? (
          <p>{t('directory.members.empty')}</p>
        ) : (
          <TableWrap label={t('directory.members.title')}>
            <table>
              <caption>{t('directory.members.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.member.name')}</th>
                  <th scope="col">{t('directory.member.role')}</th>
                  <th scope="col">{t('directory.member.scope')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr>
                    <td>
                      <a href={`/admin/members/${m.id}`}>{m.name}</a> <span class="hint">{m.email}</span>
                    </td>
                    <td>{t(`role.${m.role}`)}</td>
                    <td>{m.residence_ids === null ? t('directory.member.scopeAll') : m.residence_ids.map((id) => names.get(id) ?? '—').join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <Paging t={t} page={page} size={PAGE} total={total} q={q} />
      </Layout>,
    );
  });

  route(app, 'GET', '/admin/members/new', 'directory.members.manage', (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    if (actor.residenceIds !== null) return refused(c, 'forbidden');
    return renderNew(c, actor, { name: '', email: '', role: 'concierge', scope: 'all', residences: [] }, {});
  });

  route(app, 'POST', '/admin/members/new', 'directory.members.manage', (c) =>
    guarded(c, async () => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const form = await formOf(c);
      const values = { name: str(form.name), email: str(form.email), role: str(form.role), scope: str(form.scope), residences: list(form.residences) };
      const parsed = newMemberInput.safeParse(values);
      if (!parsed.success) return renderNew(c, actor, values, fieldErrors(parsed.error.issues), 422);
      const result = await addMember(c.get('services').database.db, actor, parsed.data);
      if (!result.ok) return renderNew(c, actor, values, result.errors, 422);
      return c.redirect('/admin/members?done=added', 303);
    }),
  );
}
