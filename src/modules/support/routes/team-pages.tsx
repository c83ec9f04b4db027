import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import type { Result } from '../commands/result.js';
import { addTeamMember, readTeam, removeTeamMember } from '../commands/team.js';
import { TeamPage } from '../views/team.js';
import { ctx, formValues, param, refusal } from './respond.js';

async function page(c: Context<AppEnv>, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
  const { db, actor } = ctx(c);
  const r = await readTeam(db, actor, param(c, 'id'));
  if (!r.ok) return refusal(c, r);
  const done = c.req.query('done');
  return c.html(<TeamPage c={c} team={r.team} errors={errors} values={values} notice={done === 'added' || done === 'removed' ? `support.team.${done}` : undefined} />);
}

async function after(c: Context<AppEnv>, r: Result, done: 'added' | 'removed', values: Record<string, string>) {
  if (r.ok) return c.redirect(`/support/programmes/${param(c, 'id')}/team?done=${done}`, 303);
  if (r.status !== 422 && r.status !== 409) return refusal(c, r);
  c.status(r.status);
  return page(c, r.errors, values);
}

/** A programme's named team, managed by the programme's manager. */
export function registerTeamPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/programmes/:id/team', 'support.programmes.manage', (c) => page(c));
  route(app, 'POST', '/support/programmes/:id/team', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return after(c, await addTeamMember(db, actor, param(c, 'id'), values.userId ?? ''), 'added', values);
  });
  route(app, 'POST', '/support/programmes/:id/team/remove', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return after(c, await removeTeamMember(db, actor, param(c, 'id'), values.userId ?? ''), 'removed', {});
  });
}
