import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { type Client, demo, testApp } from '../../../test/app.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { deliverPendingNotifications } from '../../platform/notify/index.js';
import { todayInParis } from './queries/desk.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let staff: Client;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ');
// Routes deliver in the background right after each payment: wait until nothing is queued any more.
const mailsTo = async (email: string) => {
  for (let i = 0; i < 100; i++) {
    await deliverPendingNotifications(t.services);
    if ((await q("select count(*)::int as n from notifications where status = 'queued'"))[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return smtp.mails.filter((m) => m.to.includes(email));
};

/** Unpaid household statements of the demo month whose household has a contact account with an e-mail. */
async function unpaidWithContact() {
  return q(
    `select st.id, st.number, st.gross_cents, s.id as sub_id, u.id as user_id, u.email, u.phone
     from concierge_statements st
     join concierge_subscriptions s on s.household_id = st.household_id and s.desk_id = st.desk_id
     join users u on u.id = s.contact_user_id
     where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 100
       and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
       and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
     order by st.number`,
  );
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://palier.example.org' });
  staff = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  // The demo's subscribers have no contact account: three with unpaid statements get one each (resident accounts with an e-mail).
  const subs = await q(
    `select distinct s.id from concierge_subscriptions s join concierge_statements st on st.household_id = s.household_id and st.desk_id = s.desk_id
     where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 100 and not exists (select 1 from concierge_payments p where p.statement_id = st.id) limit 3`,
  );
  const users = await q("select distinct u.id from users u join memberships m on m.user_id = u.id where m.role = 'resident' and u.email is not null limit 3");
  expect(subs).toHaveLength(3);
  expect(users).toHaveLength(3);
  for (const [i, s] of subs.entries()) await q('update concierge_subscriptions set contact_user_id = $1 where id = $2', [users[i].id, s.id]);
});
const used = new Set<string>();
afterAll(() => smtp.close());

describe('a household is sent its receipt when a payment is recorded', () => {
  it('a payment at the statement page: one e-mail with the amount, the statement number, the date and the receipt link — no method, reference nor balance', async () => {
    const [st] = (await unpaidWithContact()).filter((r) => r.email);
    expect(st).toBeDefined();
    used.add(st.sub_id);
    const page = await (await staff.get(`/concierge/desk/statements/${st.id}`)).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] as string;
    const form = { method: 'cheque', amount: euros(100), paidOn: todayInParis(), reference: 'CHQ-998877', idempotencyKey: key };
    expect((await staff.post(`/concierge/desk/statements/${st.id}/payments`, form)).status).toBe(303);
    // A double click records nothing more and sends nothing more.
    expect((await staff.post(`/concierge/desk/statements/${st.id}/payments`, form)).status).toBe(303);
    const mails = await mailsTo(st.email);
    expect(mails).toHaveLength(1);
    const [receipt] = await q('select r.id, r.number from concierge_receipts r join concierge_payments p on p.receipt_id = r.id where p.statement_id = $1', [st.id]);
    expect(plain(mails[0].subject)).toBe(`Conciergerie — reçu n° ${receipt.number} : 1,00 € reçus`);
    const text = plain(mails[0].text);
    expect(text).toContain('votre paiement de 1,00 €');
    expect(text).toContain(`(relevé n° ${st.number})`);
    expect(text).toContain(`https://palier.example.org/concierge/receipts/${receipt.id}`);
    expect(text).toMatch(/le \d{1,2} \S+ \d{4}/);
    expect(text).not.toMatch(/CHQ-998877|chèque|cheque|reste|solde/i);
    const [n] = await q("select user_id, channel from notifications where subject like 'Conciergerie — reçu%'");
    expect(n).toEqual({ user_id: st.user_id, channel: 'email' });
  });

  it('through the API, several statements paid at once: one receipt, one notice naming each statement; a replay sends nothing', async () => {
    const rows = await unpaidWithContact();
    const bySub = new Map<string, typeof rows>();
    for (const r of rows.filter((x) => !used.has(x.sub_id))) bySub.set(r.sub_id, [...(bySub.get(r.sub_id) ?? []), r]);
    const [subId, statements] = [...bySub.entries()].find(([, v]) => v.length >= 1 && v[0].email) ?? [];
    expect(subId).toBeDefined();
    used.add(subId as string);
    const token = await apiTokenFor(t, demo('partner_staff'), ['concierge.staff']);
    const key = randomUUID();
    const total = (statements ?? []).reduce((s, r) => s + r.gross_cents, 0);
    const send = () =>
      t.app.request(`/api/v1/concierge/desk/subscriptions/${subId}/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ method: 'transfer', amountCents: total, paidOn: todayInParis(), reference: 'VIR-XYZ' }),
      });
    const email = (statements ?? [])[0].email as string;
    const before = (await mailsTo(email)).length;
    const res = await send();
    expect(res.status).toBe(201);
    const { receiptId } = await res.json();
    expect((await send()).status).toBe(200);
    const mails = (await mailsTo(email)).slice(before);
    expect(mails).toHaveLength(1);
    const numbers = (statements ?? []).map((s) => s.number).sort((a, b) => a - b).join(', ');
    expect(plain(mails[0].text)).toContain(`(relevé n° ${numbers})`);
    expect(plain(mails[0].text)).toContain(`/concierge/receipts/${receiptId}`);
    expect(plain(mails[0].text)).not.toContain('VIR-XYZ');
  });

  it('by SMS when the contact has no e-mail; a landlord’s payment tells no household', async () => {
    const [st] = (await unpaidWithContact()).filter((r) => !used.has(r.sub_id));
    await q("update users set email = null, phone = '+33612345678' where id = $1", [st.user_id]);
    const page = await (await staff.get(`/concierge/desk/statements/${st.id}`)).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] as string;
    expect((await staff.post(`/concierge/desk/statements/${st.id}/payments`, { method: 'cash', amount: euros(50), paidOn: todayInParis(), reference: '', idempotencyKey: key })).status).toBe(303);
    const [sms] = await q("select channel, recipient, sms from notifications where user_id = $1 and subject like 'Conciergerie — reçu%' order by created_at desc limit 1", [st.user_id]);
    expect(sms.channel).toBe('sms');
    expect(sms.recipient).toBe('+33612345678');
    expect(plain(sms.sms)).toContain('0,50 €');
    expect(plain(sms.sms)).toContain(`relevé n° ${st.number}`);
    const count = async () => (await q("select count(*)::int n from notifications where subject like 'Conciergerie — reçu%'"))[0].n;
    const sent = await count();
    const [landlordSt] = await q("select id, gross_cents from concierge_statements st where kind = 'statement' and party = 'landlord' and gross_cents > 0 and not exists (select 1 from concierge_payments p where p.statement_id = st.id) limit 1");
    expect(landlordSt).toBeDefined();
    const lp = await (await staff.get(`/concierge/desk/statements/${landlordSt.id}`)).text();
    const lkey = /name="idempotencyKey" value="([^"]+)"/.exec(lp)?.[1] as string;
    expect((await staff.post(`/concierge/desk/statements/${landlordSt.id}/payments`, { method: 'transfer', amount: euros(1), paidOn: todayInParis(), reference: '', idempotencyKey: lkey })).status).toBe(303);
    expect(await count()).toBe(sent);
  });
});
