import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { useSmsSender } from '../auth/sms.js';
import { withTenant } from '../db/tenant.js';
import { startTestSmtp } from '../mail/test-smtp.js';
import { deliverPendingNotifications, notificationsOf, purgeOldNotifications, queueNotification } from './index.js';

let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let t: Awaited<ReturnType<typeof testApp>>;
let orgId: string;
let resident: { id: string; email: string };
const texts: { to: string; text: string }[] = [];

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  const { rows } = await t.database.owner.query<{
    id: string;
    email: string;
    org: string;
  }>(`select u.id, u.email, m.organisation_id as org from users u join memberships m on m.user_id = u.id where u.email = 'resident@demo.palier.fr'`);
  resident = rows[0];
  orgId = rows[0].org;
  useSmsSender({ send: async (to, text) => void texts.push({ to, text }) });
});
afterAll(async () => {
  useSmsSender(null);
  await smtp.close();
});

const notice = (subject: string) => (tr: (k: string) => string) => ({
  subject,
  text: `${tr('shell.home')}\nMardi 8 décembre, 9 h – 12 h`,
  sms: `${subject} : mardi 8 décembre, 9 h`,
  attachments: [
    {
      filename: 'reservation.ics',
      contentType: 'text/calendar',
      content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    },
  ],
});

describe('notifications', () => {
  it('are mailed in the person’s language with their attachment once the change commits', async () => {
    const before = smtp.mails.length;
    await withTenant(t.database.db, { orgId }, (tx) =>
      queueNotification(tx, {
        organisationId: orgId,
        userId: resident.id,
        message: notice('Réservation confirmée'),
      }),
    );
    expect(await deliverPendingNotifications(t.services)).toEqual({
      sent: 1,
      failed: 0,
    });
    const mail = await smtp.waitFor(resident.email, before);
    expect(mail.subject).toBe('Réservation confirmée');
    expect(mail.text).toContain('Accueil');
    expect(mail.attachments).toEqual([
      expect.objectContaining({
        filename: 'reservation.ics',
        contentType: 'text/calendar',
      }),
    ]);
    // Delivered once: a second pass sends nothing.
    expect(await deliverPendingNotifications(t.services)).toEqual({
      sent: 0,
      failed: 0,
    });
    const mine = await withTenant(t.database.db, { orgId }, (tx) => notificationsOf(tx, resident.id));
    expect(mine[0]).toMatchObject({
      subject: 'Réservation confirmée',
      status: 'sent',
      channel: 'email',
    });
  });

  it('are not sent for a change that rolls back', async () => {
    await expect(
      withTenant(t.database.db, { orgId }, async (tx) => {
        await queueNotification(tx, {
          organisationId: orgId,
          userId: resident.id,
          message: notice('Jamais envoyée'),
        });
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');
    const { rows } = await t.database.owner.query(`select 1 from notifications where subject = 'Jamais envoyée'`);
    expect(rows).toHaveLength(0);
  });

  it('go by SMS, short form, to someone with only a phone; people with neither are listed as unreachable', async () => {
    await withTenant(t.database.db, { orgId }, async (tx) => {
      await queueNotification(tx, {
        organisationId: orgId,
        phone: '0611223344',
        message: notice('Inscription confirmée'),
      });
      await queueNotification(tx, {
        organisationId: orgId,
        message: notice('Sans contact'),
      });
    });
    await deliverPendingNotifications(t.services);
    expect(texts).toContainEqual({
      to: '0611223344',
      text: 'Inscription confirmée : mardi 8 décembre, 9 h',
    });
    const { rows } = await t.database.owner.query(`select status, channel, recipient from notifications where subject = 'Sans contact'`);
    expect(rows).toEqual([{ status: 'unreachable', channel: 'none', recipient: null }]);
  });

  it('are kept and retried later when the mail server is down, and an organisation sees only its own', async () => {
    const down = await testApp({ SMTP_URL: 'smtp://127.0.0.1:9' });
    const { rows: orgs } = await down.database.owner.query<{ id: string }>('select id from organisations order by name limit 2');
    await withTenant(down.database.db, { orgId }, (tx) =>
      queueNotification(tx, {
        organisationId: orgId,
        userId: resident.id,
        message: notice('Rappel'),
      }),
    );
    expect(await deliverPendingNotifications(down.services)).toEqual({
      sent: 0,
      failed: 1,
    });
    const { rows } = await down.database.owner.query(`select status, attempts, next_attempt_at > now() as later from notifications where subject = 'Rappel'`);
    expect(rows).toEqual([{ status: 'queued', attempts: 1, later: true }]);
    const other = orgs.find((o) => o.id !== orgId)?.id as string;
    const seen = await withTenant(down.database.db, { orgId: other }, (tx) => tx.selectFrom('notifications').select('id').execute());
    expect(seen).toHaveLength(0);
  });

  it('keep only the fact after 30 days', async () => {
    const purged = await purgeOldNotifications(t.services, new Date(Date.now() + 31 * 86_400_000));
    expect(purged).toBeGreaterThan(0);
    const { rows } = await t.database.owner.query(`select body, recipient from notifications where subject = 'Réservation confirmée'`);
    expect(rows).toEqual([{ body: '', recipient: '' }]);
  });
});
