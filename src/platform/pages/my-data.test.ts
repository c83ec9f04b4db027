import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});

describe('my data', () => {
  it('gives a person what Palier holds on their account, without secrets, and records the download', async () => {
    const browser = t.client();
    await browser.signIn(demo('resident'));
    const res = await browser.get('/account/data.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = await res.json();
    expect(data.account).toMatchObject({ email: demo('resident'), display_name: 'Amina Benali', has_password: true });
    expect(data.memberships).toEqual([expect.objectContaining({ organisation: 'Plurial Novilia', role: 'resident' })]);
    expect(data.sessions.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/argon2|password_hash|token_hash|totp_secret/);
    const trail = await t.database.owner.query("select count(*)::int as n from audit_events where action = 'privacy.my_data_downloaded'");
    expect(trail.rows[0].n).toBe(1);
  });
});
