import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { formatters } from '../../platform/i18n/index.js';
import { parcelRemindersJob, parcelReturnNoticesJob } from './jobs/reminders.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
let resident: Client;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ').replaceAll('&#39;', '’');
const log = pino({ level: 'silent' });

/** A waiting parcel for the resident's subscription that arrived `days` ago. */
async function parcelAged(days: number, shelf: string): Promise<string> {
  const [s] = await q('select id, organisation_id, landlord_id, household_id, created_by from concierge_subscriptions where id = $1', [ids.sub]);
  const [p] = await q(
    `insert into concierge_parcels (organisation_id, landlord_id, subscription_id, household_id, kind, carrier, size, shelf, pickup_code, received_by, received_at)
     values ($1, $2, $3, $4, 'parcel', 'Colissimo', 'small', $5, '654321', $6, now() - make_interval(secs => $7::float8 * 86400)) returning id`,
    [s.organisation_id, s.landlord_id, s.id, s.household_id, shelf, s.created_by, days],
  );
  return p.id;
}

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  resident = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
  const [sub] = await q("select id, contact_user_id from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001' and status = 'active'");
  ids.sub = sub.id;
  ids.contact = sub.contact_user_id;
});

describe('each desk sets its return-to-sender limit', () => {
  it('shows 15 days and a 3-day notice by default; refuses out-of-bounds values beside the field, in French and English', async () => {
    expect(await (await staff.get('/concierge/desk')).text()).toContain('href="/concierge/desk/settings"');
    const page = await (await staff.get('/concierge/desk/settings')).text();
    expect(page).toContain('name="parcelReturnDays"');
    expect(page).toMatch(/name="parcelReturnDays"[^>]*value="15"|value="15"[^>]*name="parcelReturnDays"/);
    for (const [fields, field, message] of [
      [{ parcelReturnDays: '2', returnNoticeDays: '1' }, 'parcelReturnDays', 'Indiquez un nombre entier de jours, de 3 à 90.'],
      [{ parcelReturnDays: '91', returnNoticeDays: '1' }, 'parcelReturnDays', 'Indiquez un nombre entier de jours, de 3 à 90.'],
      [{ parcelReturnDays: 'quinze', returnNoticeDays: '1' }, 'parcelReturnDays', 'Indiquez un nombre entier de jours, de 3 à 90.'],
      [{ parcelReturnDays: '10', returnNoticeDays: '0' }, 'returnNoticeDays', 'Indiquez un nombre entier de jours, de 1 à 30.'],
      [{ parcelReturnDays: '5', returnNoticeDays: '5' }, 'returnNoticeDays', 'indiquez moins de jours que le délai de renvoi'],
    ] as [Record<string, string>, string, string][]) {
      const res = await staff.post('/concierge/desk/settings', fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      const html = plain(await res.text());
      expect(html).toContain(message);
      expect(html).toContain(`href="#f-${field}"`);
      expect(html).toContain(`value="${fields[field]}"`);
    }
    await staff.post('/language', { locale: 'en', next: '/concierge/desk' });
    const en = await staff.post('/concierge/desk/settings', { parcelReturnDays: '100', returnNoticeDays: '2' });
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('Enter a whole number of days, from 3 to 90.');
    await staff.post('/language', { locale: 'fr', next: '/concierge/desk' });
    expect((await q('select parcel_return_days, return_notice_days from concierge_desks'))[0]).toEqual({ parcel_return_days: 15, return_notice_days: 3 });
  });

  it('only the desk’s staff: a resident gets 403, the landlord’s concierge (no desk) 404', async () => {
    expect((await resident.get('/concierge/desk/settings')).status).toBe(403);
    expect((await resident.post('/concierge/desk/settings', { parcelReturnDays: '7', returnNoticeDays: '2' })).status).toBe(403);
    const landlordConcierge = t.client();
    await landlordConcierge.signIn(demo('concierge'));
    expect((await landlordConcierge.post('/concierge/desk/settings', { parcelReturnDays: '7', returnNoticeDays: '2' })).status).toBe(404);
    expect((await q('select parcel_return_days from concierge_desks'))[0].parcel_return_days).toBe(15);
  });

  it('a limit of 7 days: the returns page and the return command follow it; audited', async () => {
    const res = await staff.post('/concierge/desk/settings', { parcelReturnDays: '7', returnNoticeDays: '2' });
    expect(res.headers.get('location')).toBe('/concierge/desk/settings?done=saved');
    expect((await q('select parcel_return_days, return_notice_days from concierge_desks'))[0]).toEqual({ parcel_return_days: 7, return_notice_days: 2 });
    const [a] = await q("select details from audit_events where action = 'concierge.desk.settings_updated'");
    expect(a.details).toEqual({ parcelReturnDays: [15, 7], returnNoticeDays: [3, 2] });
    const due = await parcelAged(8, 'S-DUE');
    const early = await parcelAged(6, 'S-EARLY');
    const page = plain(await (await staff.get('/concierge/desk/parcels/returns')).text());
    expect(page).toContain('depuis plus de 7 jours');
    expect(page).toContain(`/concierge/desk/parcels/${due}/return`);
    expect(page).not.toContain(`/concierge/desk/parcels/${early}/return`);
    expect((await staff.post(`/concierge/desk/parcels/${early}/return`, {})).status).toBe(409);
    expect((await staff.post(`/concierge/desk/parcels/${due}/return`, {})).status).toBe(303);
    const [row] = await q('select status from concierge_parcels where id = $1', [due]);
    expect(row.status).toBe('returned');
    const [audit] = await q("select details from audit_events where action = 'concierge.parcel.returned' and target_id = $1", [due]);
    expect(audit.details).toEqual({ days: 7 });
  });

  it('the household is told once, by its channel, within the notice window before the return — not before, not once past the limit', async () => {
    await q("update concierge_parcels set status = 'handed_over', handed_at = now(), handed_by = received_by, handed_to = 'x', handover_method = 'identity' where status = 'received'");
    const inWindow = await parcelAged(5.5, 'S-SOON');
    const tooSoon = await parcelAged(3, 'S-LATER');
    const past = await parcelAged(7.5, 'S-PAST');
    const now = new Date();
    expect(await parcelReturnNoticesJob.run({ services: t.services, now, log })).toEqual({ parcels: 1, notices: 1 });
    expect(await parcelReturnNoticesJob.run({ services: t.services, now, log })).toEqual({ parcels: 0, notices: 0 });
    const noticed = await q('select id from concierge_parcels where return_noticed_at is not null');
    expect(noticed.map((r) => r.id)).toEqual([inWindow]);
    expect(noticed.map((r) => r.id)).not.toContain(tooSoon);
    expect(noticed.map((r) => r.id)).not.toContain(past);
    const mails = await q("select subject, body from notifications where user_id = $1 and subject like '%renvoyé%'", [ids.contact]);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Conciergerie — Colis bientôt renvoyé à l’expéditeur');
    expect(mails[0].body).toContain('654321');
    // Received 5.5 days ago with a limit of 7: goes back in a day and a half.
    const returnOn = plain(formatters('fr').date(new Date(Date.now() + 1.5 * 86_400_000)));
    expect(plain(mails[0].body)).toContain(returnOn);
    // Two days later the parcel that was too recent enters the window.
    const later = new Date(now.getTime() + 2 * 86_400_000);
    expect(await parcelReturnNoticesJob.run({ services: t.services, now: later, log })).toEqual({ parcels: 1, notices: 1 });
  });

  it('the first reminder follows the desk’s delay (7 days by default): refused beside its field when not before the return; a 3-day delay reminds a 4-day parcel, not a 2-day one', async () => {
    expect(await (await staff.get('/concierge/desk/settings')).text()).toMatch(/name="parcelReminderDays"[^>]*value="7"|value="7"[^>]*name="parcelReminderDays"/);
    for (const [value, message] of [
      ['7', 'Le rappel doit venir avant le renvoi'],
      ['0', 'Indiquez un nombre entier de jours, de 1 à 30.'],
      ['sept', 'Indiquez un nombre entier de jours, de 1 à 30.'],
    ]) {
      const res = await staff.post('/concierge/desk/settings', { parcelReturnDays: '7', returnNoticeDays: '2', parcelReminderDays: value });
      expect(res.status, value).toBe(422);
      const html = plain(await res.text());
      expect(html).toContain(message);
      expect(html).toContain('href="#f-parcelReminderDays"');
    }
    expect((await q('select parcel_reminder_days from concierge_desks'))[0].parcel_reminder_days).toBe(7);
    expect((await staff.post('/concierge/desk/settings', { parcelReturnDays: '7', returnNoticeDays: '2', parcelReminderDays: '3' })).status).toBe(303);
    expect((await q('select parcel_reminder_days from concierge_desks'))[0].parcel_reminder_days).toBe(3);
    const [a] = await q("select details from audit_events where action = 'concierge.desk.settings_updated' order by id desc limit 1");
    expect(a.details).toEqual({ parcelReturnDays: [7, 7], returnNoticeDays: [2, 2], parcelReminderDays: [7, 3] });
    // Left out of the form, the delay stays.
    expect((await staff.post('/concierge/desk/settings', { parcelReturnDays: '7', returnNoticeDays: '2' })).status).toBe(303);
    expect((await q('select parcel_reminder_days from concierge_desks'))[0].parcel_reminder_days).toBe(3);

    await q("update concierge_parcels set status = 'handed_over', handed_at = now(), handed_by = received_by, handed_to = 'x', handover_method = 'identity' where status = 'received'");
    await q('update concierge_parcels set reminded_at = now() where reminded_at is null');
    const due = await parcelAged(4, 'S-REMIND');
    const recent = await parcelAged(2, 'S-WAIT');
    expect(await parcelRemindersJob.run({ services: t.services, now: new Date(), log })).toEqual({ parcels: 1, notices: 1 });
    const reminded = await q('select id from concierge_parcels where id = any($1::uuid[]) and reminded_at is not null', [[due, recent]]);
    expect(reminded.map((r) => r.id)).toEqual([due]);
    expect(await parcelRemindersJob.run({ services: t.services, now: new Date(), log })).toEqual({ parcels: 0, notices: 0 });
  });
});
