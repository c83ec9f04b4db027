import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import { addResident, inDays } from '../test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
beforeAll(async () => {
  t = await testApp();
});

describe('residents named co-organisers', () => {
  it('take the roll call of their activity on a phone, names without contacts, and nothing else; staff name and remove them', async () => {
    // Lucie, a neighbour with her own account (the demo password, so she can sign in).
    const [other] = await q(`select h.id from households h where h.reference like 'PN-REMAVERT-ARC-%' and h.id not in (select household_id from memberships m join users u on u.id = m.user_id where u.email = $1) order by h.reference limit 1`, [demo('resident')]);
    await addResident(t.database, 'plurial-novilia', other.id, 'Lucie Garnier');
    await q(`update users set password_hash = (select password_hash from users where email = $1) where email = 'lucie.garnier@example.org'`, [demo('resident')]);

    const staff = t.client();
    await staff.signIn(demo('facilitator'));
    const made = await staff.post('/community/manage/events/new', { title: 'Atelier tricot', category: 'workshop', address: 'Salle commune', date: inDays(12), startTime: '14:00', endTime: '16:00', capacity: '8' });
    const id = (made.headers.get('location') as string).split('/')[4].split('?')[0];
    const amina = t.client();
    await amina.signIn(demo('resident'));
    expect((await amina.post(`/community/events/${id}/register`, { adults: '2', children: '0' })).status).toBe(303);
    const lucie = t.client();
    await lucie.signIn('lucie.garnier@example.org');
    expect((await lucie.get(`/community/events/${id}/roll-call`)).status).toBe(404);

    const unknown = await staff.post(`/community/manage/events/${id}/co-organisers`, { email: 'personne@example.org' });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('Aucun habitant de ce bailleur n’a un compte avec cette adresse.');
    expect(html).toContain('value="personne@example.org"');
    expect((await staff.post(`/community/manage/events/${id}/co-organisers`, { email: demo('facilitator') })).status).toBe(422);
    expect((await staff.post(`/community/manage/events/${id}/co-organisers`, { email: 'lucie.garnier@example.org' })).status).toBe(303);
    expect(await (await staff.get(`/community/manage/events/${id}`)).text()).toContain('Retirer Lucie Garnier');
    expect((await amina.post(`/community/manage/events/${id}/co-organisers`, { email: demo('resident') })).status).toBe(403);

    expect(await (await lucie.get(`/community/events/${id}`)).text()).toContain(`href="/community/events/${id}/roll-call"`);
    const sheet = await (await lucie.get(`/community/events/${id}/roll-call`)).text();
    expect(sheet).toContain('2 adultes');
    const [reg] = await q(`select r.id, h.name, h.phone, h.email from community_registrations r join households h on h.id = r.household_id where r.event_id = $1`, [id]);
    expect(sheet).toContain(reg.name);
    for (const contact of [reg.phone, reg.email].filter(Boolean)) expect(sheet).not.toContain(contact);
    expect((await lucie.post(`/community/events/${id}/roll-call`, { [`a-${reg.id}`]: 'present' })).status).toBe(303);
    expect((await q('select attendance from community_registrations where id = $1', [reg.id]))[0].attendance).toBe('present');
    // Only her activity's roll call: not the staff roster, not another activity, not for Amina.
    expect((await lucie.get(`/community/manage/events/${id}`)).status).toBe(403);
    const [tasting] = await q(`select id from community_events where title like 'Dégustation%'`);
    expect((await lucie.get(`/community/events/${tasting.id}/roll-call`)).status).toBe(404);
    expect((await amina.get(`/community/events/${id}/roll-call`)).status).toBe(404);
    expect((await amina.post(`/community/events/${id}/roll-call`, { [`a-${reg.id}`]: 'absent' })).status).toBe(404);

    const [lucieId] = await q(`select id from users where email = 'lucie.garnier@example.org'`);
    expect((await staff.post(`/community/manage/events/${id}/co-organisers/${lucieId.id}/remove`, {})).status).toBe(303);
    expect((await lucie.get(`/community/events/${id}/roll-call`)).status).toBe(404);
  });
});
