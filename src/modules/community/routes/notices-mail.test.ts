import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../../test/app.js';
import { startTestSmtp } from '../../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../../platform/notify/index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let tasting: string;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  tasting = (await t.database.owner.query(`select id from community_events where title like 'Dégustation%'`)).rows[0].id;
});
afterAll(async () => {
  await smtp?.close();
});

// Routes deliver in the background right after each change: wait until nothing is queued any more.
async function mailsTo(email: string) {
  for (let i = 0; i < 100; i++) {
    await deliverPendingNotifications(t.services);
    const { rows } = await t.database.owner.query(`select count(*)::int n from notifications where status = 'queued'`);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return smtp.mails.filter((m) => m.to.includes(email));
}

describe('the confirmation e-mail of someone without an account', () => {
  it('arrives with the calendar file and the cancellation link that works', async () => {
    const guest = t.client();
    const res = await guest.post(`/c/plurial-novilia/events/${tasting}`, { name: 'Mme Roux', contact: 'roux@example.org', adults: '1' });
    expect(res.status).toBe(303);
    const [mail] = await mailsTo('roux@example.org');
    expect(mail.subject).toBe('Inscription confirmée : Dégustation de produits frais et locaux');
    expect(mail.attachments[0]).toMatchObject({ filename: 'activite.ics' });
    expect(mail.attachments[0].content).toContain('SUMMARY:Dégustation de produits frais et locaux');
    const link = /https?:\/\/\S+\/c\/plurial-novilia\/cancel\/[\w-]+/.exec(mail.text)?.[0] as string;
    expect(link).toBeDefined();
    const path = new URL(link).pathname;
    expect(path).toBe((res.headers.get('location') as string).split('?')[0]);
    expect((await t.client().post(path, {})).status).toBe(303);
  });
});
