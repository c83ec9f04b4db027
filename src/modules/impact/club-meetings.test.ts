import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { withTenant } from '../../platform/db/tenant.js';
import { clubMeetingsForMember, registerForClubMeeting } from '../community/index.js';
import { actorFor, LOGIREM } from '../support/test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
let network: string;
let meeting: string;
const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  network = (await q("select id from organisations where slug = 'ar-hlm-paca'"))[0].id;
  // A resident account of Logirem, a member of the network.
  const logirem = (await q("select id from organisations where slug = 'logirem'"))[0].id;
  const u = await q("insert into users (email, display_name, password_hash) select 'habitant@logirem.test', 'Habitant Logirem', password_hash from users where email = $1 returning id", [demo('resident')]);
  await q("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'resident')", [logirem, u[0].id]);
});

async function signedIn(email: string) {
  const c = t.client();
  await c.signIn(email);
  return c;
}

describe('club meetings: a network’s meetings open to its members’ staff', () => {
  it('lets the network’s staff create a meeting, with field errors in their language', async () => {
    const c = await signedIn(demo('network_member'));
    const bad = await c.post('/impact/network/club', { title: 'x', kind: 'committee', address: '', date: day, startTime: '10:00', endTime: '09:00', capacity: '' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="x"');
    expect(await q('select count(*)::int as n from community_events where network_audience')).toEqual([{ n: 0 }]);
    const ok = await c.post('/impact/network/club', { title: 'Club de l’innovation sociale', kind: 'workshop', description: 'Atelier mobilité', address: '24 rue Paradis, Marseille', date: day, startTime: '14:00', endTime: '16:00', capacity: '2' });
    expect(ok.status).toBe(303);
    meeting = ok.headers.get('location')?.split('/').pop() as string;
    const rows = await q('select organisation_id, network_audience, residence_id from community_events where id = $1', [meeting]);
    expect(rows).toEqual([{ organisation_id: network, network_audience: true, residence_id: null }]);
    const list = await (await c.get('/impact/network/club')).text();
    expect(list).toContain('Club de l’innovation sociale');
    // The network's page links to its meetings.
    expect(await (await c.get(`/impact/network?network=${network}`)).text()).toContain('href="/impact/network/club"');
  });

  it('shows it to a member landlord’s staff, who register once and cancel; the organiser sees their name and landlord', async () => {
    const c = await signedIn(LOGIREM.concierge);
    const list = await c.get(`/impact/network/meetings?network=${network}`);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain(`href="/impact/network/meetings/${meeting}"`);
    expect(html).toContain('Non inscrit');
    expect((await c.get(`/impact/network/meetings/${meeting}`)).status).toBe(200);
    expect((await c.post(`/impact/network/meetings/${meeting}/register`, {})).status).toBe(303);
    const again = await c.post(`/impact/network/meetings/${meeting}/register`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Vous êtes déjà inscrit à cette réunion.');
    const rows = await q('select organisation_id, staff_name, household_id, adults, status from community_registrations where event_id = $1', [meeting]);
    expect(rows).toEqual([{ organisation_id: network, staff_name: 'Rachid Mansour', household_id: null, adults: 1, status: 'confirmed' }]);

    const organiser = await signedIn(demo('network_member'));
    const roster = await (await organiser.get(`/impact/network/club/${meeting}`)).text();
    expect(roster).toContain('<th scope="row">Rachid Mansour</th><td>Logirem</td>');

    expect((await c.post(`/impact/network/meetings/${meeting}/cancel`, {})).status).toBe(303);
    expect(await (await organiser.get(`/impact/network/club/${meeting}`)).text()).toContain('Personne n’est encore inscrit.');
    expect((await c.post(`/impact/network/meetings/${meeting}/cancel`, {})).status).toBe(404);
  });

  it('gives two places to two of three people registering at once and puts the third on the waiting list, counted under the event lock', async () => {
    const a = await actorFor(t.database.db, LOGIREM.concierge);
    const b = await actorFor(t.database.db, LOGIREM.manager);
    const d = await actorFor(t.database.db, LOGIREM.adviserA);
    const results = await Promise.all([a, b, d].map((x) => registerForClubMeeting(t.database.db, x, meeting)));
    expect(results.map((r) => r.status).sort()).toEqual(['confirmed', 'confirmed', 'waiting']);
    expect(await q("select status, count(*)::int as n from community_registrations where event_id = $1 group by status order by status", [meeting])).toEqual([
      { status: 'cancelled', n: 1 },
      { status: 'confirmed', n: 2 },
      { status: 'waiting', n: 1 },
    ]);
  });

  it('answers 404 to a non-member’s staff, 403 to residents, and hides it from a member’s residents', async () => {
    const other = await signedIn(demo('facilitator'));
    expect((await other.get(`/impact/network/meetings/${meeting}`)).status).toBe(404);
    expect((await other.post(`/impact/network/meetings/${meeting}/register`, {})).status).toBe(404);
    expect((await other.get(`/impact/network/meetings?network=${network}`)).status).toBe(404);
    expect(await q('select count(*)::int as n from community_registrations where event_id = $1 and staff_org_id = (select id from organisations where slug = $2)', [meeting, 'plurial-novilia'])).toEqual([{ n: 0 }]);
    const resident = await signedIn('habitant@logirem.test');
    expect((await resident.get(`/impact/network/meetings/${meeting}`)).status).toBe(403);
    expect((await resident.post(`/impact/network/meetings/${meeting}/register`, {})).status).toBe(403);
    expect((await resident.get(`/community/events/${meeting}`)).status).toBe(404);
    expect(await (await resident.get('/community')).text()).not.toContain('Club de l’innovation sociale');
    // Staff of the member do not see it on their landlord's own community pages either.
    expect((await (await signedIn(LOGIREM.concierge)).get(`/community/events/${meeting}`)).status).toBe(404);
  });

  it('keeps the database’s guard: no staff row for a non-member, nor a resident', async () => {
    const novilia = (await q("select id from organisations where slug = 'plurial-novilia'"))[0].id;
    const facilitator = (await q('select id from users where email = $1', [demo('facilitator')]))[0].id;
    const resident = (await q("select id from users where email = 'habitant@logirem.test'"))[0].id;
    const logirem = (await q("select id from organisations where slug = 'logirem'"))[0].id;
    const insert = (user: string, org: string) =>
      q("insert into community_registrations (organisation_id, event_id, user_id, staff_org_id, staff_name, status) values ($1, $2, $3, $4, 'X', 'confirmed')", [network, meeting, user, org]);
    await expect(insert(facilitator, novilia)).rejects.toThrow(/staff registration/);
    await expect(insert(resident, logirem)).rejects.toThrow(/staff registration/);
  });

  it('shows the row, under row-level security, only in a member’s context with the network named', async () => {
    const seen = async (slug: string, view: string | null) =>
      withTenant(t.database.db, { orgId: (await q('select id from organisations where slug = $1', [slug]))[0].id }, async (tx) => {
        if (view) await sql`select set_config('app.network_id', ${view}, true)`.execute(tx);
        return (await tx.selectFrom('community_events').select('id').where('id', '=', meeting).execute()).length;
      });
    expect(await seen('logirem', network)).toBe(1);
    expect(await seen('logirem', null)).toBe(0);
    expect(await seen('plurial-novilia', network)).toBe(0);
    expect(await seen('icf-habitat-sem', network)).toBe(1);
  });

  it('closes the meetings to a member removed from the network', async () => {
    await q("delete from network_memberships where network_id = $1 and member_id = (select id from organisations where slug = 'logirem')", [network]);
    const c = await signedIn(LOGIREM.concierge);
    expect((await c.get(`/impact/network/meetings/${meeting}`)).status).toBe(404);
    expect((await c.post(`/impact/network/meetings/${meeting}/cancel`, {})).status).toBe(404);
    expect(await clubMeetingsForMember(t.database.db, await actorFor(t.database.db, LOGIREM.concierge), network)).toEqual([]);
    const rls = await withTenant(t.database.db, { orgId: (await q("select id from organisations where slug = 'logirem'"))[0].id }, async (tx) => {
      await sql`select set_config('app.network_id', ${network}, true)`.execute(tx);
      return tx.selectFrom('community_events').select('id').where('id', '=', meeting).execute();
    });
    expect(rls).toEqual([]);
  });
});
