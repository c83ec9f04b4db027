import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../../test/app.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { startTestSmtp } from '../../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../../platform/notify/index.js';
import { LOGIREM } from '../../support/test-helpers.js';
import { addDays, parisToInstant } from '../domain/paris-time.js';
import { remindersJob } from '../jobs/reminders.js';
import { inDays } from '../test-helpers.js';

// A network's club meetings (docs/decisions/network-meetings.md) told to member staff in "Mes avis"
// (/community/notifications), as rows of their own landlord, and reminded the day before by community's
// own reminder job — registered people only, once, with the calendar file, through a real SMTP server.
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const org: Record<string, string> = {};
const log = pino({ level: 'silent' });
const ADDRESS = '24 rue Paradis, Marseille';

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  for (const slug of ['ar-hlm-paca', 'logirem', 'plurial-novilia']) org[slug] = (await q('select id from organisations where slug = $1', [slug]))[0].id;
  // A second member landlord, whose staff must see nothing of Logirem's staff's notices.
  await q('insert into network_memberships (network_id, member_id) values ($1, $2)', [org['ar-hlm-paca'], org['plurial-novilia']]);
});
afterAll(async () => {
  await smtp?.close();
});

async function signedIn(email: string): Promise<Client> {
  const c = t.client();
  await c.signIn(email);
  return c;
}

const fieldsOf = (title: string, date: string, capacity: string) => ({ title, kind: 'committee', description: '', address: ADDRESS, date, startTime: '10:00', endTime: '12:00', capacity });

async function newMeeting(title: string, date: string, capacity = '10'): Promise<string> {
  const res = await (await signedIn(demo('network_member'))).post('/impact/network/club', fieldsOf(title, date, capacity));
  expect(res.status).toBe(303);
  return res.headers.get('location')?.split('/').pop() as string;
}

async function register(email: string, meeting: string): Promise<string | null> {
  const res = await (await signedIn(email)).post(`/impact/network/meetings/${meeting}/register`, {});
  expect(res.status).toBe(303);
  return res.headers.get('location');
}

const myNotices = async (email: string) => (await (await signedIn(email)).get('/community/notifications')).text();

const inAppRowsAs = (orgId: string, event: string) =>
  withTenant(t.database.db, { orgId }, async (tx) =>
    (
      await sql<{ email: string; kind: string; event_org_id: string | null; event_place: string | null; reason: string | null }>`
        select u.email, n.kind, n.event_org_id, n.event_place, n.reason from community_notifications n join users u on u.id = n.user_id
        where n.event_id = ${event} order by n.created_at, n.kind`.execute(tx)
    ).rows,
  );

/** Sends every queued notice to the SMTP server. */
async function deliverAll(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await deliverPendingNotifications(t.services);
    if ((await q(`select count(*)::int n from notifications where status = 'queued'`))[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('notices still queued');
}

describe('club notices in the member staff’s "Mes avis"', () => {
  it('shows a place confirmed at a club meeting to that staff member, with its public facts and a link to the meeting page, and not to another landlord’s staff', async () => {
    const date = inDays(30);
    const ours = await newMeeting('Comité des gardiens', date);
    const theirs = await newMeeting('Atelier des chargés de programmes', date);
    expect(await register(LOGIREM.concierge, ours)).toContain('done=registered');
    expect(await register(demo('facilitator'), theirs)).toContain('done=registered');

    // Rows of each person's own landlord naming the network; none in the network's tenant.
    expect(await inAppRowsAs(org.logirem, ours)).toEqual([{ email: LOGIREM.concierge, kind: 'confirmed', event_org_id: org['ar-hlm-paca'], event_place: ADDRESS, reason: null }]);
    expect(await inAppRowsAs(org['plurial-novilia'], ours)).toEqual([]);
    expect(await inAppRowsAs(org['ar-hlm-paca'], ours)).toEqual([]);
    expect((await inAppRowsAs(org['plurial-novilia'], theirs)).map((r) => r.email)).toEqual([demo('facilitator')]);

    const page = await myNotices(LOGIREM.concierge);
    expect(page).toContain('Nouveau :');
    expect(page).toContain(`Inscription confirmée à la réunion : <a href="/impact/network/meetings/${ours}">Comité des gardiens</a>`);
    expect(page).toContain(`— ${ADDRESS}`);
    expect(page).toContain('Organisé par AR Hlm');
    expect(page).not.toContain('Atelier des chargés de programmes');
    // The link leads to the member's meeting page, whose list points back to "Mes avis" — for staff who
    // hold it (a commission member attends meetings but has no "Mes avis": e-mail only).
    expect((await (await signedIn(LOGIREM.concierge)).get(`/impact/network/meetings/${ours}`)).status).toBe(200);
    expect(await (await (await signedIn(LOGIREM.concierge)).get('/impact/network/meetings')).text()).toContain('<a href="/community/notifications">Mes avis</a>');
    const commission = await signedIn(LOGIREM.member1);
    expect(await (await commission.get('/impact/network/meetings')).text()).not.toContain('href="/community/notifications"');
    expect((await commission.get('/community/notifications')).status).toBe(403);

    // Another landlord's staff, registered elsewhere in the same network, sees their own and not this one.
    const other = await myNotices(demo('facilitator'));
    expect(other).toContain(`<a href="/impact/network/meetings/${theirs}">Atelier des chargés de programmes</a>`);
    expect(other).not.toContain('Comité des gardiens');
    // Nor does a colleague of the same landlord who is not registered.
    expect(await myNotices(LOGIREM.admin)).not.toContain('Comité des gardiens');
  });

  it('tells a change of place and a cancellation with its reason, in club wording, to those registered only', async () => {
    const date = inDays(31);
    const meeting = await newMeeting('Réunion des gardiens', date);
    await register(LOGIREM.concierge, meeting);
    await register(LOGIREM.manager, meeting);
    expect((await (await signedIn(LOGIREM.manager)).post(`/impact/network/meetings/${meeting}/cancel`, {})).status).toBe(303);
    const organiser = await signedIn(demo('network_member'));
    expect((await organiser.post(`/impact/network/club/${meeting}/edit`, { ...fieldsOf('Réunion des gardiens', date, '10'), address: '12 quai de Rive-Neuve, Marseille' })).status).toBe(303);
    expect((await organiser.post(`/impact/network/club/${meeting}/cancel`, { reason: 'Grève des transports' })).status).toBe(303);

    expect((await inAppRowsAs(org.logirem, meeting)).map((r) => [r.email, r.kind, r.event_place, r.reason])).toEqual([
      [LOGIREM.concierge, 'confirmed', ADDRESS, null],
      [LOGIREM.manager, 'confirmed', ADDRESS, null],
      [LOGIREM.concierge, 'changed', '12 quai de Rive-Neuve, Marseille', null],
      [LOGIREM.concierge, 'cancelled', '12 quai de Rive-Neuve, Marseille', 'Grève des transports'],
    ]);
    const concierge = await signedIn(LOGIREM.concierge);
    const page = await (await concierge.get('/community/notifications')).text();
    expect(page).toContain(`Réunion déplacée (date, heure ou lieu) : <a href="/impact/network/meetings/${meeting}">Réunion des gardiens</a>`);
    expect(page).toContain('— 12 quai de Rive-Neuve, Marseille');
    expect(page).toContain(`Réunion annulée : <a href="/impact/network/meetings/${meeting}">Réunion des gardiens</a>`);
    expect(page).toContain('motif : Grève des transports');
    expect(page.indexOf('Réunion annulée')).toBeLessThan(page.indexOf('Réunion déplacée'));
    // Public facts only: nobody else's name.
    expect(page).not.toContain('Paul Girard');
    // Marking read works for club notices as for the others.
    expect((await concierge.post('/community/notifications/read', {})).status).toBe(303);
    expect(await (await concierge.get('/community/notifications')).text()).not.toContain('Nouveau :');
    // In English too.
    await concierge.post('/language', { locale: 'en', next: '/community/notifications' });
    expect(await (await concierge.get('/community/notifications')).text()).toContain('Meeting cancelled: <a');
    await concierge.post('/language', { locale: 'fr', next: '/community/notifications' });
  });
});

describe('the club meeting reminder the day before', () => {
  it('goes once to everyone registered, with the calendar file — not to those waiting, not to cancelled registrations, not for a cancelled meeting', async () => {
    const date = inDays(45);
    const meeting = await newMeeting('Club de l’innovation sociale', date, '2');
    const called = await newMeeting('Comité annulé', date);
    const later = await newMeeting('Comité du surlendemain', addDays(date, 1));
    await register(LOGIREM.concierge, meeting);
    await register(LOGIREM.adviserA, meeting);
    expect((await (await signedIn(LOGIREM.adviserA)).post(`/impact/network/meetings/${meeting}/cancel`, {})).status).toBe(303);
    expect(await register(LOGIREM.manager, meeting)).toContain('done=registered');
    expect(await register(LOGIREM.admin, meeting)).toContain('done=waiting');
    await register(LOGIREM.concierge, called);
    expect((await (await signedIn(demo('network_member'))).post(`/impact/network/club/${called}/cancel`, { reason: 'Salle indisponible' })).status).toBe(303);
    await register(LOGIREM.concierge, later);
    await deliverAll();
    const before = smtp.mails.length;

    // The job runs at 10:00 Paris time the day before; a second run (or a second process) reminds nobody again.
    const now = parisToInstant(addDays(date, -1), '10:00');
    expect((await remindersJob.run({ services: t.services, now, log })).reminded).toBeGreaterThanOrEqual(2);
    expect(await remindersJob.run({ services: t.services, now, log })).toEqual({ reminded: 0 });
    await deliverAll();

    const reminders = smtp.mails.slice(before).filter((m) => m.subject.startsWith('Rappel, c’est demain :'));
    const to = (title: string) =>
      reminders
        .filter((m) => m.subject === `Rappel, c’est demain : ${title}`)
        .flatMap((m) => m.to)
        .sort();
    expect(to('Club de l’innovation sociale')).toEqual([LOGIREM.concierge, LOGIREM.manager].sort());
    expect(to('Comité annulé')).toEqual([]);
    expect(to('Comité du surlendemain')).toEqual([]);
    const mail = reminders.find((m) => m.to.includes(LOGIREM.concierge)) as (typeof reminders)[number];
    expect(mail.text).toContain('Vous êtes inscrit à la réunion « Club de l’innovation sociale », demain.');
    expect(mail.text).toContain(ADDRESS);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'reunion.ics' });
    expect(mail.attachments[0].content).toContain(`UID:${meeting}@palier-community`);
    // The notice, which holds the address, is a row of the person's landlord, never of the network.
    expect(await q(`select distinct n.organisation_id from notifications n where n.subject = 'Rappel, c’est demain : Club de l’innovation sociale'`)).toEqual([{ organisation_id: org.logirem }]);
    // Claimed once: only the two registered rows carry reminded_at.
    expect(await q('select u.email from community_registrations r join users u on u.id = r.user_id where r.event_id = $1 and r.reminded_at is not null order by u.email', [meeting])).toEqual(
      [LOGIREM.concierge, LOGIREM.manager].sort().map((email) => ({ email })),
    );
  });
});
