import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';

let t: Awaited<ReturnType<typeof testApp>>;
let residentId: string;
beforeAll(async () => {
  t = await testApp();
  const r = await t.database.owner.query("select id from users where email = 'resident@demo.palier.fr'");
  residentId = r.rows[0].id;
});

async function concierge() {
  const browser = t.client();
  await browser.signIn(demo('concierge'));
  return browser;
}

describe('assisted mode', () => {
  it('records the consent and says clearly on every page who staff act for', async () => {
    const browser = await concierge();
    const res = await browser.post('/assist/start', { resident: residentId, scope: 'spaces', duration: '1h', consent: 'on' });
    expect(res.status).toBe(303);
    const home = await (await browser.get('/')).text();
    expect(home).toContain('Vous agissez pour Amina Benali');
    expect(home).toContain('Bonjour Amina Benali');
    const consent = await t.database.owner.query('select scope, staff_user_id, expires_at - given_at as span from assistance_consents where resident_user_id = $1', [residentId]);
    expect(consent.rows[0].scope).toBe('spaces');
    expect(consent.rows[0].span.hours).toBe(1);
  });

  it('leaves a trail naming both the staff member and the resident', async () => {
    const browser = await concierge();
    await browser.post('/assist/start', { resident: residentId, scope: 'all', duration: '1d', consent: 'on' });
    await browser.post('/assist/stop', {});
    const trail = await t.database.owner.query(
      "select e.action, a.email as actor, e.target_id, f.email as acting_for from audit_events e join users a on a.id = e.actor_user_id left join users f on f.id = e.acting_for_user_id where e.action like 'assist.%' order by e.id desc limit 2",
    );
    expect(trail.rows[0]).toEqual({ action: 'assist.stopped', actor: demo('concierge'), target_id: residentId, acting_for: demo('resident') });
    expect(trail.rows[1]).toMatchObject({ action: 'assist.started', actor: demo('concierge'), target_id: residentId });
    expect(await (await browser.get('/')).text()).not.toContain('Vous agissez pour');
  });

  it('refuses to start without the resident’s consent, and keeps the choices made', async () => {
    const browser = await concierge();
    const res = await browser.post('/assist/start', { resident: residentId, scope: 'concierge', duration: '7d' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Confirmez que le locataire a donné son accord.');
    expect(html).toMatch(/value="concierge" checked/);
  });

  it('stops acting for the resident when the consent expires', async () => {
    const browser = await concierge();
    await browser.post('/assist/start', { resident: residentId, scope: 'all', duration: '1h', consent: 'on' });
    await t.database.owner.query("update assistance_consents set given_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'");
    expect(await (await browser.get('/')).text()).not.toContain('Vous agissez pour');
  });

  it('does not know residents of another organisation, and is not open to residents', async () => {
    const other = await t.database.owner.query("insert into users (email, display_name) values ('other-tenant@example.org', 'Autre Locataire') returning id");
    const org = await t.database.owner.query("select id from organisations where slug = 'logirem'");
    await t.database.owner.query("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'resident')", [org.rows[0].id, other.rows[0].id]);
    const browser = await concierge();
    const res = await browser.post('/assist/start', { resident: other.rows[0].id, scope: 'all', duration: '1h', consent: 'on' });
    expect(res.status).toBe(404);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get('/assist')).status).toBe(403);
  });
});
