import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { decide } from '../commands/decide.js';
import { isUuid, type Result } from '../commands/result.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { buildAgenda, moveSession, openSession, signSession } from '../commands/sessions.js';
import { listSessions, readSession } from '../queries/session-view.js';
import { decisionSchema } from '../schemas.js';
import { audit } from '../../../platform/audit/audit.js';
import { attachmentResponse } from '../../../platform/files/index.js';
import { asActor } from '../commands/result.js';
import { minutesPdf } from '../views/minutes-pdf.js';
import { MinutesPage } from '../views/minutes.js';
import { DossierPage, SessionListPage, SessionPage } from '../views/session-pages.js';
import { ctx, formValues, param, refusal } from './respond.js';

async function afterSessionCommand(c: Context<AppEnv>, r: Result<object>, values: Record<string, string> = {}) {
  const id = param(c, 'id');
  if (r.ok) return c.redirect(`/support/sessions/${id}`, 303);
  if (r.status !== 409 && r.status !== 422) return refusal(c, r);
  const { db, actor } = ctx(c);
  const read = await readSession(db, actor, id);
  if (!read.ok) return refusal(c, read);
  c.status(r.status);
  return c.html(<SessionPage c={c} v={read.view} errors={r.errors} values={values} />);
}

export function registerSessionPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/sessions', 'support.commission.sit', async (c) => {
    const { db, actor } = ctx(c);
    const r = await listSessions(db, actor);
    if (!r.ok) return refusal(c, r);
    return c.html(<SessionListPage c={c} sessions={r.sessions} />);
  });

  route(app, 'GET', '/support/sessions/:id', 'support.commission.sit', async (c) => {
    const { db, actor } = ctx(c);
    const r = await readSession(db, actor, param(c, 'id'));
    if (!r.ok) return refusal(c, r);
    return c.html(<SessionPage c={c} v={r.view} />);
  });

  route(app, 'GET', '/support/sessions/:id/minutes', 'support.commission.sit', async (c) => {
    const { db, actor } = ctx(c);
    const r = await readSession(db, actor, param(c, 'id'));
    if (!r.ok) return refusal(c, r);
    return c.html(<MinutesPage c={c} v={r.view} />);
  });

  route(app, 'GET', '/support/sessions/:id/minutes.pdf', 'support.commission.sit', async (c) => {
    const { db, actor } = ctx(c);
    const r = await readSession(db, actor, param(c, 'id'));
    if (!r.ok) return refusal(c, r);
    const org = await db.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirst();
    const bytes = await minutesPdf({ t: c.get('t'), locale: c.get('locale'), v: r.view, organisation: (org?.name as string | undefined) ?? '' });
    await asActor(db, actor, (tx) => audit(tx, { action: 'support.minutes.pdf', actor, targetType: 'support_session', targetId: r.view.session.id }));
    return attachmentResponse(bytes, { fileName: `pv-commission-${r.view.session.held_on}.pdf`, mediaType: 'application/pdf' });
  });

  route(app, 'GET', '/support/sessions/:id/dossiers/:dossierId', 'support.commission.sit', async (c) => {
    const { db, actor } = ctx(c);
    const r = await readSession(db, actor, param(c, 'id'));
    if (!r.ok) return refusal(c, r);
    const page = DossierPage({ c, v: r.view, dossierId: param(c, 'dossierId') });
    return page ? c.html(page) : refusal(c, { ok: false, status: 404, errors: {} });
  });

  route(app, 'POST', '/support/sessions/:id/dossiers/:dossierId', 'support.commission.sit', async (c) => {
    const { db, actor } = ctx(c);
    const sessionId = param(c, 'id');
    const dossierId = param(c, 'dossierId');
    const values = await formValues(c);
    const parsed = decisionSchema.safeParse(values);
    const r = parsed.success ? await decide(db, actor, sessionId, dossierId, parsed.data) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    if (r.ok) return c.redirect(`/support/sessions/${sessionId}`, 303);
    if (r.status !== 409 && r.status !== 422) return refusal(c, r);
    // The fund's rule is about the amount: the message sits by the amount field.
    const errors = { ...r.errors };
    if (errors.fund) {
      errors.monthly = errors.fund;
      delete errors.fund;
    }
    const read = await readSession(db, actor, sessionId);
    if (!read.ok) return refusal(c, read);
    c.status(r.status);
    return c.html(DossierPage({ c, v: read.view, dossierId, errors, values }) ?? '');
  });

  route(app, 'POST', '/support/sessions/:id/agenda', 'support.commission.manage', async (c) => {
    const { db, actor } = ctx(c);
    return afterSessionCommand(c, await buildAgenda(db, actor, param(c, 'id')));
  });

  route(app, 'POST', '/support/sessions/:id/open', 'support.commission.manage', async (c) => {
    const { db, actor } = ctx(c);
    const body = await c.req.parseBody({ all: true });
    const present = ([] as unknown[]).concat(body.present ?? []).filter((v): v is string => typeof v === 'string' && isUuid(v));
    return afterSessionCommand(c, await openSession(db, actor, param(c, 'id'), present));
  });

  route(app, 'POST', '/support/sessions/:id/date', 'support.commission.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const input = { heldOn: (values.heldOn ?? '').trim().slice(0, 10), cutoffOn: (values.cutoffOn ?? '').trim().slice(0, 10) };
    const r = await moveSession(db, actor, param(c, 'id'), input, new Date(), c.get('services').config.publicUrl);
    if (r.ok) deliverSoon(c.get('services'));
    return afterSessionCommand(c, r, values);
  });

  route(app, 'POST', '/support/sessions/:id/sign', 'support.commission.manage', async (c) => {
    const { db, actor } = ctx(c);
    return afterSessionCommand(c, await signSession(db, actor, param(c, 'id')));
  });
}
