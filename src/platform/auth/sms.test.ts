import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { DEMO_RESIDENT_PHONE } from './demo.js';
import { developmentSmsSender, SmsUnavailable } from './sms.js';

let t: Awaited<ReturnType<typeof testApp>>;
const lines: string[] = [];
const smsLines = () => lines.filter((l) => l.includes('development SMS'));

beforeAll(async () => {
  t = await testApp({}, { logTo: { write: (l: string) => lines.push(l) } });
  // The demo story already has SMS on at Plurial Novilia and a phone for its demo resident (./demo.ts).
});

/** Asks for a code for `phone` and returns the code the development SMS carried, if one was sent. */
async function askCode(phone: string) {
  const browser = t.client();
  const before = smsLines().length;
  const res = await browser.post('/signin/sms', { phone });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/signin/sms/code');
  // The code is stored and sent after the answer (its time must not tell whether the number is a resident's).
  for (let i = 0; i < 50 && smsLines().length === before; i++) await new Promise((r) => setTimeout(r, 20));
  const sent = smsLines().slice(before);
  return { browser, code: sent.length ? (JSON.parse(sent[0]).sms.text.match(/\b(\d{6})\b/)?.[1] as string) : null, sent };
}

describe('sign-in with a code sent by SMS', () => {
  it('offers the link when an organisation has SMS, and signs a resident in with the code once', async () => {
    expect(await (await t.client().get('/signin')).text()).toContain('href="/signin/sms"');
    const { browser, code, sent } = await askCode('06 00 00 00 01');
    expect(code).toMatch(/^\d{6}$/);
    expect(sent[0]).not.toContain(DEMO_RESIDENT_PHONE);
    expect((await browser.post('/signin/sms/code', { code: code === '000000' ? '111111' : '000000' })).status).toBe(401);
    const ok = await browser.post('/signin/sms/code', { code: code as string });
    expect(ok.status).toBe(303);
    expect(await (await browser.get('/')).text()).toContain('Bonjour Amina Benali');
    const again = t.client();
    await again.post('/signin/sms', { phone: 'nothing' });
    again.cookies.set('palier_sms_phone', DEMO_RESIDENT_PHONE);
    expect((await again.post('/signin/sms/code', { code: code as string })).status).toBe(401);
  });

  it('answers the same but sends nothing to unknown numbers, staff, or residents whose organisation has no SMS', async () => {
    await t.database.owner.query("update users set phone = '0622334455' where email = $1", [demo('concierge')]);
    await t.database.owner.query(
      `with u as (insert into users (display_name, phone, password_hash) values ('Lina Logirem', '0633445566', 'x') returning id)
       insert into memberships (organisation_id, user_id, role) select o.id, u.id, 'resident' from organisations o, u where o.slug = 'logirem'`,
    );
    for (const phone of ['0699999999', '0622334455', '0633445566']) expect((await askCode(phone)).code).toBeNull();
  });

  it('refuses an expired code and stops sending after three codes in 15 minutes', async () => {
    await t.database.owner.query("delete from login_attempts where key like 'sms%'");
    const { browser, code } = await askCode(DEMO_RESIDENT_PHONE);
    await t.database.owner.query("update one_time_codes set expires_at = now() - interval '1 second' where purpose = 'sms_signin' and used_at is null");
    expect((await browser.post('/signin/sms/code', { code: code as string })).status).toBe(401);
    expect((await askCode(DEMO_RESIDENT_PHONE)).code).not.toBeNull();
    expect((await askCode(DEMO_RESIDENT_PHONE)).code).not.toBeNull();
    expect((await askCode(DEMO_RESIDENT_PHONE)).code).toBeNull();
  });

  it('never writes a code to the log in production', async () => {
    const written: string[] = [];
    const sender = developmentSmsSender({ env: 'production' }, pino({ level: 'debug' }, { write: (l: string) => written.push(l) }));
    await expect(sender.send('0611223344', 'code 123456')).rejects.toBeInstanceOf(SmsUnavailable);
    expect(written).toEqual([]);
  });
});
