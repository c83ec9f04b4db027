import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { withTenant } from '../../platform/db/tenant.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { LOGIREM } from '../support/test-helpers.js';

// Club meetings changed and cancelled by the network's staff, the waiting list, the notices members'
// staff receive (through a real SMTP server), their data export and the navigation entry.
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let logirem: string;
let meeting: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  logirem = (await q("select id from organisations where slug = 'logirem'"))[0].id;
});
afterAll(async () => {
  await smtp?.close();
});

async function signedIn(email: string) {
  const c = t.client();
  await c.signIn(email);
  return c;
}

// Routes deliver right after each change; drain what is left, then read what reached `email`.
async function mailsTo(email: string) {
  for (let i = 0; i < 100; i++) {
    await deliverPendingNotifications(t.services);
    if ((await q(`select count(*)::int n from notifications where status = 'queued'`))[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return smtp.mails.filter((m) => m.to.includes(email));
}

/** Waits until every queued notice is sent, so that a count of mails taken next is a clean "before". */
const drained = () => mailsTo('');

async function newMeeting(organiser: Client, title: string, capacity: string): Promise<string> {
  const res = await organiser.post('/impact/network/club', { title, kind: 'committee', description: '', address: '24 rue Paradis, Marseille', date: inDays(20), startTime: '10:00', endTime: '12:00', capacity });
  expect(res.status).toBe(303);
  return res.headers.get('location')?.split('/').pop() as string;
}

const statusOf = async (email: string, event: string) =>
  (await q('select r.status from community_registrations r join users u on u.id = r.user_id where u.email = $1 and r.event_id = $2 and r.status <> $3', [email, event, 'cancelled']))[0]?.status ?? null;

describe('club meetings: the waiting list, changes and cancellation, told by e-mail', () => {
  it('confirms with the calendar file, puts the next person on the waiting list when full, and gives a freed seat to the first waiting', async () => {
    const organiser = await signedIn(demo('network_member'));
    meeting = await newMeeting(organiser, 'Comité des gardiens', '2');
    const concierge = await signedIn(LOGIREM.concierge);
    const manager = await signedIn(LOGIREM.manager);
    const adviser = await signedIn(LOGIREM.adviserA);
    expect((await concierge.post(`/impact/network/meetings/${meeting}/register`, {})).headers.get('location')).toContain('done=registered');
    expect((await manager.post(`/impact/network/meetings/${meeting}/register`, {})).status).toBe(303);
    const page = await (await adviser.get(`/impact/network/meetings/${meeting}`)).text();
    expect(page).toContain('M’inscrire sur la liste d’attente');
    const waiting = await adviser.post(`/impact/network/meetings/${meeting}/register`, {});
    expect(waiting.headers.get('location')).toContain('done=waiting');
    expect(await statusOf(LOGIREM.adviserA, meeting)).toBe('waiting');
    expect(await (await adviser.get(`/impact/network/meetings/${meeting}`)).text()).toContain('Quitter la liste d’attente');

    const [confirmation] = await mailsTo(LOGIREM.concierge);
    expect(confirmation.subject).toBe('Inscription confirmée : Comité des gardiens');
    expect(confirmation.attachments[0]).toMatchObject({ filename: 'reunion.ics' });
    expect(confirmation.attachments[0].content).toContain(`UID:${meeting}@palier-community`);
    const [waitingMail] = await mailsTo(LOGIREM.adviserA);
    expect(waitingMail.subject).toBe('Liste d’attente : Comité des gardiens');
    expect(waitingMail.attachments).toEqual([]);
    // The notices, which hold the person's address, are rows of their own landlord, not of the network;
    // so is the in-app notice of the place confirmed (none for the waiting list: routes/club-notices.test.ts).
    expect(await q('select distinct n.organisation_id from notifications n join users u on u.id = n.user_id where u.email = any($1)', [[LOGIREM.concierge, LOGIREM.adviserA]])).toEqual([{ organisation_id: logirem }]);
    expect(await q('select organisation_id, kind from community_notifications where event_id = $1', [meeting])).toEqual([
      { organisation_id: logirem, kind: 'confirmed' },
      { organisation_id: logirem, kind: 'confirmed' },
    ]);

    // The organiser sees the waiting list in its order.
    const roster = await (await organiser.get(`/impact/network/club/${meeting}`)).text();
    expect(roster).toContain('Liste d’attente');
    expect(roster).toContain('<td>1</td><th scope="row">');

    const before = smtp.mails.length;
    expect((await manager.post(`/impact/network/meetings/${meeting}/cancel`, {})).status).toBe(303);
    expect(await statusOf(LOGIREM.adviserA, meeting)).toBe('confirmed');
    const promoted = await smtp.waitFor(LOGIREM.adviserA, before);
    expect(promoted.subject).toBe('Une place pour vous : Comité des gardiens');
    expect(promoted.attachments[0].content).toContain('STATUS:CONFIRMED');
  });

  it('changes a meeting: field errors kept in the form (FR, EN), places never below the seats taken, a new date told with the calendar file', async () => {
    const organiser = await signedIn(demo('network_member'));
    const form = await organiser.get(`/impact/network/club/${meeting}/edit`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('value="Comité des gardiens"');
    expect(html).toContain(`value="${inDays(20)}"`);
    expect(html).toContain('value="10:00"');
    const fields = { title: 'Comité des gardiens', kind: 'committee', description: '', address: '24 rue Paradis, Marseille', date: inDays(20), startTime: '10:00', endTime: '12:00' };

    const below = await organiser.post(`/impact/network/club/${meeting}/edit`, { ...fields, capacity: '1' });
    expect(below.status).toBe(422);
    const belowHtml = await below.text();
    expect(belowHtml).toContain('ne peut pas descendre sous les places prises');
    expect(belowHtml).toContain('aria-invalid="true"');
    expect(belowHtml).toContain('value="1"');
    await organiser.post('/language', { locale: 'en', next: '/impact/network/club' });
    const english = await organiser.post(`/impact/network/club/${meeting}/edit`, { ...fields, capacity: '1' });
    expect(english.status).toBe(422);
    expect(await english.text()).toContain('cannot go below the places taken');
    const order = await organiser.post(`/impact/network/club/${meeting}/edit`, { ...fields, endTime: '09:00', capacity: '2' });
    expect(await order.text()).toContain('The end time must come after the start time.');
    await organiser.post('/language', { locale: 'fr', next: '/impact/network/club' });
    expect(await q('select capacity, starts_at = ends_at - $2::interval as same from community_events where id = $1', [meeting, '2 hours'])).toEqual([{ capacity: 2, same: true }]);

    await drained();
    const before = smtp.mails.length;
    const moved = await organiser.post(`/impact/network/club/${meeting}/edit`, { ...fields, title: 'Comité des gardiens (salle B)', address: '12 quai de Rive-Neuve, Marseille', date: inDays(21), startTime: '14:00', endTime: '16:00', capacity: '5' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/impact/network/club/${meeting}?done=updated`);
    const [row] = await q('select title, address, capacity from community_events where id = $1', [meeting]);
    expect(row).toEqual({ title: 'Comité des gardiens (salle B)', address: '12 quai de Rive-Neuve, Marseille', capacity: 5 });
    for (const who of [LOGIREM.concierge, LOGIREM.adviserA]) {
      const mail = await smtp.waitFor(who, before);
      expect(mail.subject).toBe('Changement : Comité des gardiens (salle B)');
      expect(mail.text).toContain('12 quai de Rive-Neuve, Marseille');
      expect(mail.attachments[0].content).toContain('LOCATION:12 quai de Rive-Neuve\\, Marseille');
      // Public facts only: no one else's name in a member's mail.
      expect(mail.text).not.toContain('Rachid');
    }
    expect(smtp.mails.slice(before).some((m) => m.to.includes(LOGIREM.manager))).toBe(false);
    expect(await q("select details->>'moved' as moved from audit_events where action = 'community.network_meeting.update' and target_id = $1", [meeting])).toContainEqual({ moved: 'true' });
  });

  it('moves the waiting list up when places are added, and tells the person promoted', async () => {
    const organiser = await signedIn(demo('network_member'));
    const small = await newMeeting(organiser, 'Atelier budget', '1');
    await (await signedIn(LOGIREM.concierge)).post(`/impact/network/meetings/${small}/register`, {});
    await (await signedIn(LOGIREM.manager)).post(`/impact/network/meetings/${small}/register`, {});
    expect(await statusOf(LOGIREM.manager, small)).toBe('waiting');
    await drained(); // the confirmation and waiting-list mails, sent in the background
    const before = smtp.mails.length;
    const fields = { title: 'Atelier budget', kind: 'committee', description: '', address: '24 rue Paradis, Marseille', date: inDays(20), startTime: '10:00', endTime: '12:00', capacity: '2' };
    expect((await organiser.post(`/impact/network/club/${small}/edit`, fields)).status).toBe(303);
    expect(await statusOf(LOGIREM.manager, small)).toBe('confirmed');
    expect((await smtp.waitFor(LOGIREM.manager, before)).subject).toBe('Une place pour vous : Atelier budget');
    // Nothing moved: nobody else is told of a change.
    await mailsTo(LOGIREM.concierge);
    expect(smtp.mails.slice(before).filter((m) => m.to.includes(LOGIREM.concierge))).toEqual([]);
  });

  it('cancels with a reason members read on the page and in their mail; nothing more can change', async () => {
    const organiser = await signedIn(demo('network_member'));
    const empty = await organiser.post(`/impact/network/club/${meeting}/cancel`, { reason: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('aria-invalid="true"');
    expect(await q('select cancelled_at from community_events where id = $1', [meeting])).toEqual([{ cancelled_at: null }]);
    await drained();
    const before = smtp.mails.length;
    const done = await organiser.post(`/impact/network/club/${meeting}/cancel`, { reason: 'Grève des transports' });
    expect(done.status).toBe(303);
    for (const who of [LOGIREM.concierge, LOGIREM.adviserA]) {
      const mail = await smtp.waitFor(who, before);
      expect(mail.subject).toBe('Réunion annulée : Comité des gardiens (salle B)');
      expect(mail.text).toContain('Raison : Grève des transports');
      expect(mail.attachments[0].content).toContain('STATUS:CANCELLED');
    }
    const member = await signedIn(LOGIREM.concierge);
    const page = await (await member.get(`/impact/network/meetings/${meeting}`)).text();
    expect(page).toContain('Cette réunion est annulée.');
    expect(page).toContain('Raison : Grève des transports');
    expect((await organiser.post(`/impact/network/club/${meeting}/cancel`, { reason: 'Encore' })).status).toBe(409);
    expect((await organiser.post(`/impact/network/club/${meeting}/edit`, { title: 'X y z', kind: 'committee', address: 'Ailleurs', date: inDays(22), startTime: '10:00', endTime: '11:00', capacity: '' })).status).toBe(409);
    expect((await (await signedIn(LOGIREM.member1)).post(`/impact/network/meetings/${meeting}/register`, {})).status).toBe(409);
    expect(await (await organiser.get(`/impact/network/club/${meeting}`)).text()).not.toContain(`/impact/network/club/${meeting}/edit`);
    expect(await q("select count(*)::int n from audit_events where action = 'community.network_meeting.cancel' and target_id = $1", [meeting])).toEqual([{ n: 1 }]);
  });

  it('refuses the change to member staff (403) and to another network’s or a landlord’s event (404)', async () => {
    const member = await signedIn(LOGIREM.admin);
    expect((await member.get(`/impact/network/club/${meeting}/edit`)).status).toBe(403);
    expect((await member.post(`/impact/network/club/${meeting}/cancel`, { reason: 'Pas à moi' })).status).toBe(403);
    const organiser = await signedIn(demo('network_member'));
    const landlordEvent = (await q("select id from community_events where not network_audience and title like 'Dégustation%'"))[0].id;
    expect((await organiser.get(`/impact/network/club/${landlordEvent}/edit`)).status).toBe(404);
    expect((await organiser.post(`/impact/network/club/${landlordEvent}/cancel`, { reason: 'Pas à nous' })).status).toBe(404);
  });
});

describe('club meetings in the member’s data export and navigation', () => {
  it('lists the person’s own club registrations in their export, and nobody else’s', async () => {
    const concierge = await signedIn(LOGIREM.concierge);
    const data = JSON.stringify(await (await concierge.get('/account/data.json')).json());
    expect(data).toContain('community.clubRegistrations');
    expect(data).toContain('Comité des gardiens (salle B)');
    expect(data).toContain('Atelier budget');
    const admin = await signedIn(LOGIREM.admin);
    expect(JSON.stringify(await (await admin.get('/account/data.json')).json())).not.toContain('community.clubRegistrations');
    // The function answers for the transaction's person and landlord only: named with another landlord it gives nothing.
    const user = (await q('select id from users where email = $1', [LOGIREM.concierge]))[0].id;
    const novilia = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
    const rows = async (org: string) =>
      withTenant(t.database.db, { orgId: org, userId: user }, async (tx) => (await sql<{ event: string }>`select * from community_my_club_registrations()`.execute(tx)).rows.length);
    expect(await rows(logirem)).toBeGreaterThanOrEqual(2);
    expect(await rows(novilia)).toBe(0);
  });

  it('shows “Réunions du club” to a member landlord’s staff, not to a landlord in no network', async () => {
    const member = await (await (await signedIn(LOGIREM.concierge)).get('/')).text();
    expect(member).toContain('href="/impact/network/meetings"');
    const outside = await (await (await signedIn(demo('facilitator'))).get('/community')).text();
    expect(outside).not.toContain('href="/impact/network/meetings"');
    expect(outside).toContain('href="/community"');
    // The same landlord once it leaves its network.
    await q('delete from network_memberships where member_id = $1', [logirem]);
    expect(await (await (await signedIn(LOGIREM.concierge)).get('/')).text()).not.toContain('href="/impact/network/meetings"');
  });
});
