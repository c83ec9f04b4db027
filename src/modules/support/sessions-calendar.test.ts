import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { moveSession, openSession } from './commands/sessions.js';
import { sessionsJob } from './jobs/sessions.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let manager: Actor;
let orgId: string;
let programmeId: string;
const log = pino({ level: 'silent' });
// 20 April 2027: April's commission (the 1st) is past; May's first Thursday is Ascension (6 May).
const APRIL = new Date('2027-04-20T04:15:00Z');

const sessionsFrom = async (from: string) =>
  withTenant(t.database.db, { orgId }, (tx) =>
    tx
      .selectFrom('support_sessions as s')
      .select(['s.id', 's.status'])
      .select((q) => [q.fn<string>('to_char', [q.ref('s.held_on'), q.val('YYYY-MM-DD')]).as('held_on'), q.fn<string>('to_char', [q.ref('s.cutoff_on'), q.val('YYYY-MM-DD')]).as('cutoff_on')])
      .select((q) => q.selectFrom('support_session_members as m').whereRef('m.session_id', '=', 's.id').select((m) => m.fn.countAll<number>().as('n')).as('members'))
      .where('s.programme_id', '=', programmeId)
      .where('s.held_on', '>=', from)
      .orderBy('s.held_on')
      .execute(),
  );

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  manager = await actorFor(t.database.db, LOGIREM.manager);
  orgId = manager.orgId as string;
  programmeId = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string);
});

afterAll(() => smtp.close());

describe('the commission calendar, planned by the nightly job (fixed clock)', () => {
  it('plans the next three first Thursdays with the commission members, Ascension moved to the Friday; a second run adds nothing; audited', async () => {
    const first = await sessionsJob.run({ services: t.services, now: APRIL, log });
    expect(first.created).toBeGreaterThanOrEqual(3);
    const planned = await sessionsFrom('2027-04-02');
    expect(planned.map((s) => [s.held_on, s.cutoff_on, Number(s.members), s.status])).toEqual([
      ['2027-05-07', '2027-04-30', 3, 'planned'],
      ['2027-06-03', '2027-05-27', 3, 'planned'],
      ['2027-07-01', '2027-06-24', 3, 'planned'],
    ]);
    expect(await sessionsJob.run({ services: t.services, now: APRIL, log })).toEqual({ created: 0 });
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'support.sessions.plan').where('target_id', '=', programmeId).execute());
    expect(trail).toHaveLength(1);
  });

  it('the manager moves a planned session; the rules give their messages; the job never re-creates the moved month', async () => {
    const [may, june, july] = await sessionsFrom('2027-04-02');
    const move = (id: string, heldOn: string, cutoffOn: string) => moveSession(t.database.db, manager, id, { heldOn, cutoffOn });
    expect(await move(may.id, '2027-05-15', '2027-05-07')).toMatchObject({ status: 422, errors: { heldOn: 'support.session.notWorkingDay' } });
    expect(await move(july.id, '2027-07-14', '2027-07-07')).toMatchObject({ status: 422, errors: { heldOn: 'support.session.notWorkingDay' } });
    expect(await move(may.id, '2020-05-12', '2020-05-05')).toMatchObject({ status: 422, errors: { heldOn: 'support.session.datePast' } });
    expect(await move(may.id, '2027-05-12', '2027-05-20')).toMatchObject({ status: 422, errors: { cutoffOn: 'support.session.cutoffAfter' } });
    expect(await move(may.id, '2027-02-30', '2027-02-20')).toMatchObject({ status: 422, errors: { heldOn: 'support.session.dateInvalid' } });
    expect(await move(july.id, june.held_on, '2027-05-27')).toMatchObject({ status: 409, errors: { heldOn: 'support.session.dateTaken' } });
    expect(await move(may.id, '2027-05-12', '2027-05-05')).toEqual({ ok: true });
    expect(await sessionsJob.run({ services: t.services, now: APRIL, log })).toEqual({ created: 0 });
    expect((await sessionsFrom('2027-04-02')).map((s) => s.held_on)).toEqual(['2027-05-12', '2027-06-03', '2027-07-01']);
    // A member cannot move it; an opened session cannot be moved.
    const member = await actorFor(t.database.db, LOGIREM.member1);
    expect(await moveSession(t.database.db, member, june.id, { heldOn: '2027-06-10', cutoffOn: '2027-06-03' })).toMatchObject({ ok: false, status: 403 });
    const members = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('support_session_members').select('user_id').where('session_id', '=', june.id).execute());
    expect((await openSession(t.database.db, manager, june.id, members.map((m) => m.user_id as string))).ok).toBe(true);
    expect(await move(june.id, '2027-06-10', '2027-06-03')).toMatchObject({ status: 409, errors: { heldOn: 'support.session.moveNotPlanned' } });
    const moved = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('details').where('action', '=', 'support.session.move').where('target_id', '=', may.id).execute());
    expect(moved.map((m) => m.details)).toEqual([{ from: '2027-05-07', to: '2027-05-12', cutoff: '2027-05-05' }]);
  });

  it('on the session page, without JavaScript: a weekend refused by the date field in French, the typed dates kept; then moved', async () => {
    const [, , july] = await sessionsFrom('2027-04-02');
    const b = t.client();
    await b.signIn(LOGIREM.manager);
    const page = await (await b.get(`/support/sessions/${july.id}`)).text();
    expect(page).toContain('Déplacer la séance');
    const bad = await b.post(`/support/sessions/${july.id}/date`, { heldOn: '2027-07-03', cutoffOn: '2027-06-26' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-heldOn-error"');
    expect(html).toContain('Choisissez un jour ouvré (ni samedi, ni dimanche, ni jour férié).');
    expect(html).toContain('value="2027-07-03"');
    expect(html).toContain('value="2027-06-26"');
    const ok = await b.post(`/support/sessions/${july.id}/date`, { heldOn: '2027-07-08', cutoffOn: '2027-07-01' });
    expect(ok.status).toBe(303);
    expect((await sessionsFrom('2027-07-01')).map((s) => s.held_on)).toEqual(['2027-07-08']);
    // Each member hears of it by e-mail: the two days and a link, nothing of the programme or its dossiers.
    for (let i = 0; i < 50 && (await t.database.owner.query("select 1 from notifications where status = 'queued'")).rowCount; i++) {
      await deliverPendingNotifications(t.services);
      await new Promise((r) => setTimeout(r, 20));
    }
    const told = smtp.mails.filter((m) => m.subject === 'Palier : séance de commission déplacée au 8 juillet 2027');
    expect(told.map((m) => m.to[0]).sort()).toEqual([LOGIREM.member1, LOGIREM.member2, LOGIREM.member3]);
    expect(told[0].text).toContain('La séance de commission du 1 juillet 2027, dont vous êtes membre, est déplacée au 8 juillet 2027.');
    expect(told[0].text).toContain(`/support/sessions/${july.id}`);
    for (const secret of ['ASQ', 'Aide', 'quittance', 'dossier ']) expect(told[0].text).not.toContain(secret);
    const member = t.client();
    await member.signIn(LOGIREM.member1);
    expect((await member.post(`/support/sessions/${july.id}/date`, { heldOn: '2027-07-09', cutoffOn: '2027-07-01' })).status).toBe(403);
  });
});
