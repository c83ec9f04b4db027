import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let concierge: Client;
const PASSWORD = 'les tomates du jardin';
const CODE = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

beforeAll(async () => {
  t = await testApp();
  concierge = t.client();
  await concierge.signIn(demo('concierge'));
});

async function userIdByName(name: string): Promise<string> {
  const { rows } = await t.database.owner.query('select id from users where display_name = $1', [name]);
  return rows[0].id;
}

/** Issues a code for a resident through the staff pages and reads it off the printed letter. */
async function issueCode(userId: string): Promise<{ code: string; letter: string }> {
  const issued = await concierge.post(`/admin/activation/${userId}/code`, {});
  expect(issued.status).toBe(303);
  expect(issued.headers.get('location')).toBe(`/admin/activation/${userId}/letter`);
  const letter = await (await concierge.get(`/admin/activation/${userId}/letter`)).text();
  const code = letter.match(CODE)?.[0];
  expect(code).toBeDefined();
  return { code: code as string, letter };
}

describe('activation codes for residents without e-mail', () => {
  it('lets staff add a resident without e-mail to a household, and checks what they type', async () => {
    const badPhone = await concierge.post('/admin/activation/residents', { household: 'PN-REMAVERT-ARC-F1', name: 'Awa Test-Activation', phone: '12' });
    expect(badPhone.status).toBe(422);
    const html = await badPhone.text();
    expect(html).toContain('Ce numéro n’est pas valide.');
    expect(html).toContain('value="Awa Test-Activation"');
    const badHousehold = await concierge.post('/admin/activation/residents', { household: 'NOPE-1', name: 'Awa Test-Activation', phone: '' });
    expect(badHousehold.status).toBe(422);
    expect(await badHousehold.text()).toContain('Aucun foyer de votre organisation n’a cette référence.');
    const ok = await concierge.post('/admin/activation/residents', { household: 'PN-REMAVERT-ARC-F1', name: 'Awa Test-Activation', phone: '' });
    expect(ok.status).toBe(303);
    const list = await (await concierge.get(ok.headers.get('location') as string)).text();
    expect(list).toContain('Awa Test-Activation');
    expect(list).toContain('Pas encore activé');
  });

  it('prints a letter with the code, and the code opens the account once', async () => {
    const userId = await userIdByName('Awa Test-Activation');
    const { code, letter } = await issueCode(userId);
    expect(letter).toContain('http://localhost:3000/activate');
    expect(letter).toMatch(/Ce code marche une seule fois, jusqu’au \d{1,2} [a-zéû]+ \d{4}\./);
    expect(letter).toContain('@media print');

    const resident = t.client();
    const typed = await resident.post('/activate', { code: code.toLowerCase().replace(/-/g, ' ') });
    expect(typed.status).toBe(303);
    expect(typed.headers.get('location')).toBe('/activate/password');
    const noPhone = await resident.post('/activate/password', { password: PASSWORD, phone: '' });
    expect(noPhone.status).toBe(422);
    expect(await noPhone.text()).toContain('aria-describedby="f-phone-hint f-phone-error"');
    const done = await resident.post('/activate/password', { password: PASSWORD, phone: '06 12 34 56 78' });
    expect(done.status).toBe(303);
    expect(await (await resident.get('/')).text()).toContain('Bonjour Awa Test-Activation');
    expect((await t.client().signIn('06.12.34.56.78', PASSWORD)).status).toBe(303);

    const reused = await t.client().post('/activate', { code });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('Ce code n’est pas valable ou a expiré.');
    const { rows } = await t.database.owner.query("select action from audit_events where target_id = $1::text or actor_user_id = $1::uuid order by id", [userId]);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['accounts.resident_created', 'accounts.activation_issued', 'auth.account_activated']));
  });

  it('refuses an expired code, and a code replaced by a newer one', async () => {
    const userId = await userIdByName('Amina Benali');
    const { code: first } = await issueCode(userId);
    const { code: second } = await issueCode(userId);
    expect((await t.client().post('/activate', { code: first })).status).toBe(422);
    await t.database.owner.query("update one_time_codes set expires_at = now() - interval '1 minute' where purpose = 'activation' and used_at is null");
    expect((await t.client().post('/activate', { code: second })).status).toBe(422);
    expect((await concierge.get(`/admin/activation/${userId}/letter`)).status).toBe(404);
  });

  it('answers 404 for another organisation’s resident and 403 to a resident', async () => {
    const { rows } = await t.database.owner.query(
      `with u as (insert into users (display_name) values ('Karim Logirem') returning id)
       insert into memberships (organisation_id, user_id, role) select o.id, u.id, 'resident' from organisations o, u where o.slug = 'logirem' returning user_id`,
    );
    const other = rows[0].user_id;
    expect((await concierge.post(`/admin/activation/${other}/code`, {})).status).toBe(404);
    expect((await concierge.get(`/admin/activation/${other}/letter`)).status).toBe(404);
    expect(await (await concierge.get('/admin/activation?q=Karim')).text()).not.toContain('Karim Logirem');
    const { rows: codes } = await t.database.owner.query('select count(*)::int as n from one_time_codes where user_id = $1', [other]);
    expect(codes[0].n).toBe(0);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get('/admin/activation')).status).toBe(403);
  });

  it('slows down someone trying codes by the dozen', async () => {
    const guesser = t.client();
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await guesser.post('/activate', { code: `AAAA-BBBB-CC${i}` })).status;
    expect(last).toBe(429);
  });
});
